"""The area map's drawing: pixels where 000's coordinate system puts them."""

from io import BytesIO

from PIL import Image
import pytest

from custom_components.axis_thermometry.area_map import (
    ALARM,
    BLANK_SIZE,
    COLDEST,
    OUTLINE,
    SPOT,
    AreaMap,
    MapArea,
    MapSpot,
    UnreadableSnapshotError,
    label_layout,
    render,
    spot_box,
    to_pixel,
)
from tests.simulator import fixed
from tests.simulator.image import render as simulator_snapshot

# 000's examples: the area of addArea/updateArea, the positions of getAreaStatus.
SQUARE = ((-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5))
MAX_POS, MIN_POS = (0.91, 0.12), (-0.63, -0.31)
GREY = (128, 128, 128)
WIDTH, HEIGHT = 640, 480


def snapshot(width: int = WIDTH, height: int = HEIGHT) -> bytes:
    out = BytesIO()
    Image.new("RGB", (width, height), GREY).save(out, format="JPEG")
    return out.getvalue()


def pixels(jpeg: bytes) -> Image.Image:
    return Image.open(BytesIO(jpeg)).convert("RGB")


def near(colour: tuple[int, ...], want: tuple[int, ...], tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, want, strict=True))


def distance(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True))


def pixel_at(image: Image.Image, x: int, y: int) -> tuple[int, ...]:
    found = image.getpixel((x, y))
    assert isinstance(found, tuple)
    return found


def at(image: Image.Image, point: tuple[float, float]) -> tuple[int, ...]:
    x, y = to_pixel(point, *image.size)
    return pixel_at(image, round(x), round(y))


def drawn(
    image: Image.Image,
    point: tuple[float, float],
    want: tuple[int, ...],
    *,
    background: tuple[int, ...] = GREY,
    reach: int = 1,
) -> bool:
    """Whether a pixel within ``reach`` of ``point`` has moved from ``background`` towards
    ``want`` (at least a quarter of the way): JPEG softens thin lines into their surroundings,
    so a colour is recognised, not matched exactly."""
    x, y = (round(v) for v in to_pixel(point, *image.size))
    towards = [w - b for w, b in zip(want, background, strict=True)]
    length = sum(t * t for t in towards)
    return any(
        sum(
            (f - b) * t
            for f, b, t in zip(pixel_at(image, x + dx, y + dy), background, towards, strict=True)
        )
        >= length / 4
        for dx in range(-reach, reach + 1)
        for dy in range(-reach, reach + 1)
    )


def test_corners_of_the_coordinate_system() -> None:
    """(1, 1) is the upper right corner, (-1, -1) the lower left: y grows upwards."""
    assert to_pixel((1, 1), WIDTH, HEIGHT) == (WIDTH - 1, 0)
    assert to_pixel((-1, -1), WIDTH, HEIGHT) == (0, HEIGHT - 1)
    assert to_pixel((0, 0), WIDTH, HEIGHT) == ((WIDTH - 1) / 2, (HEIGHT - 1) / 2)


def test_outline_and_markers_at_the_documented_positions() -> None:
    """The example square's edges in the outline colour; the hottest pixel's marker where
    maxPos says (right of centre and above it), not where a flipped axis would put it."""
    area = MapArea(SQUARE, "Area 1", "41.2 °C", hottest=MAX_POS, coldest=MIN_POS)
    image = pixels(render(snapshot(), AreaMap((area,))))
    for edge_middle in ((0, -0.5), (0.5, 0), (0, 0.5), (-0.5, 0)):
        assert drawn(image, edge_middle, OUTLINE), edge_middle
    assert drawn(image, MAX_POS, ALARM)  # the marker's centre
    for flipped in ((MAX_POS[0], -MAX_POS[1]), (-MAX_POS[0], MAX_POS[1])):
        assert near(at(image, flipped), GREY), flipped  # a flipped axis would draw there
    radius = 3 * round(HEIGHT / 160)
    ring = (MIN_POS[0] + 2 * radius / WIDTH, MIN_POS[1])  # on the ring, right of the centre
    assert drawn(image, ring, COLDEST, reach=2)
    assert near(at(image, MIN_POS), GREY)  # a ring: the coldest pixel itself stays visible
    assert near(at(image, (0.2, -0.2)), GREY)  # inside, not in alarm: not filled


def test_only_areas_in_alarm_are_filled_and_outlined_in_the_warning_colour() -> None:
    left = ((-0.9, -0.5), (-0.1, -0.5), (-0.1, 0.5), (-0.9, 0.5))
    right = ((0.1, -0.5), (0.9, -0.5), (0.9, 0.5), (0.1, 0.5))
    overlay = AreaMap(
        (MapArea(left, "Burner", "324 °C", alarm=True), MapArea(right, "Pipe", "80 °C"))
    )
    image = pixels(render(snapshot(), overlay))
    inside_left, inside_right = at(image, (-0.5, -0.2)), at(image, (0.5, -0.2))
    assert inside_left[0] > inside_left[2] + 40  # tinted red, the snapshot still showing
    assert near(inside_right, GREY)
    assert drawn(image, (-0.5, -0.5), ALARM, background=inside_left)
    assert drawn(image, (0.5, -0.5), OUTLINE)


def test_spot_meter_and_caption() -> None:
    overlay = AreaMap(spot=MapSpot((-0.5, 0.5), "Spot 36.6 °C"), caption="12:00 Burner")
    image = pixels(render(snapshot(), overlay))
    assert drawn(image, (-0.5, 0.5), SPOT)
    assert max(pixel_at(image, WIDTH - 2, 1)) < 40  # the caption's bar, at the top
    assert min(pixel_at(image, WIDTH - 2, HEIGHT - 2)) > 100  # nothing at the bottom


@pytest.mark.parametrize(("width", "height"), [(320, 240), (1920, 1080)])
def test_lines_scale_with_the_image(width: int, height: int) -> None:
    """About the same share of the image at tile size and at full size."""
    image = pixels(render(snapshot(width, height), AreaMap((MapArea(SQUARE, "A", "1 °C"),))))
    x = round(to_pixel((0, 0), width, height)[0])
    top = round(to_pixel((0, 0.5), width, height)[1])
    column = [pixel_at(image, x, top + dy) for dy in range(-12, 13)]
    thick = sum(1 for p in column if distance(p, OUTLINE) < distance(p, GREY))
    line = round(height / 160)
    assert line - 1 <= thick <= line + 2


def test_the_simulator_draws_its_areas_where_it_lists_them() -> None:
    """The simulator's snapshot outlines each area at the vertices its listAreas reports."""
    camera = fixed()
    image = pixels(simulator_snapshot(camera, WIDTH, HEIGHT))
    live = [area for area in camera.thermals.areas.values() if camera.area_is_live(area)]
    assert live
    for area in live:
        colour = (255, 64, 64) if area.triggered else (64, 255, 64)
        corners = list(area.vertices)
        centre = (
            sum(x for x, _ in corners) / len(corners),
            sum(y for _, y in corners) / len(corners),
        )
        inside = at(image, centre)  # the area's fill, as the simulator draws it
        middles = [
            ((first[0] + second[0]) / 2, (first[1] + second[1]) / 2)
            for first, second in zip(corners, [*corners[1:], corners[0]], strict=True)
        ]
        for middle in middles:
            assert drawn(image, middle, colour, background=inside), (area.name, middle)
    # The triangle above the centre: drawn upside down, its edges would be below it.
    for middle in ((-0.1, 0.7), (0.1, 0.7), (0.0, 0.5)):
        assert not drawn(image, (middle[0], -middle[1]), (64, 255, 64), background=GREY)


def test_without_a_snapshot_the_map_is_drawn_on_black() -> None:
    area = MapArea(SQUARE, "Area 1", "41.2 °C", alarm=True)
    image = pixels(render(None, AreaMap((area,))))
    assert image.size == BLANK_SIZE
    assert drawn(image, (0.5, 0), ALARM, background=(0, 0, 0))
    assert max(at(image, (0.9, 0.9))) < 24


@pytest.mark.parametrize("broken", [b"", b"\xff\xd8\xff\xe0 not really a JPEG", b"<html>"])
def test_an_unreadable_snapshot_is_reported_as_such(broken: bytes) -> None:
    with pytest.raises(UnreadableSnapshotError):
        render(broken, AreaMap())


def test_labels_overlap_neither_each_other_nor_the_spot_meter() -> None:
    """The spot meter's cross and label covered an area's value (issue 29, 8): two areas
    side by side, close together, the spot meter on the first one's label corner."""
    left = ((-0.9, 0.2), (-0.45, 0.2), (-0.45, 0.9), (-0.9, 0.9))
    right = ((-0.44, 0.2), (0.0, 0.2), (0.0, 0.9), (-0.44, 0.9))
    below = ((-0.9, -0.9), (-0.45, -0.9), (-0.45, 0.15), (-0.9, 0.15))
    overlay = AreaMap(
        areas=(
            MapArea(vertices=left, name="Transformer winding", value="324.5 °C"),
            MapArea(vertices=right, name="Cable joint", value="61.0 °C", alarm=True),
            MapArea(vertices=below, name="Cold store", value="-18.0 °C"),
        ),
        spot=MapSpot(position=(-0.8, 0.8), label="21.1 °C"),
    )
    for width, height in ((320, 240), (640, 480), (1280, 960)):
        labels = label_layout(overlay, width, height)
        assert len(labels) == 4
        cross = spot_box(overlay, width, height)
        assert cross is not None
        boxes = [label.box for label in labels]
        for index, box in enumerate(boxes):
            assert box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            assert not overlap(box, cross), labels[index].text
            for other in boxes[index + 1 :]:
                assert not overlap(box, other), labels[index].text
    render(snapshot(), overlay)  # and it draws


def overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
