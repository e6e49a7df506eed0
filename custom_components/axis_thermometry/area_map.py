"""Draw a camera's measurement areas on its thermal snapshot.

Pure drawing with Pillow (a Home Assistant core requirement): bytes in, bytes out, nothing from
Home Assistant, so it runs in an executor job, never on the event loop.

Coordinates follow 000: normalized to the image, from -1 to 1 both ways, the upper right corner
(1, 1) and the lower left corner (-1, -1): x grows to the right, y grows **upwards**.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from itertools import chain
from typing import Final
import warnings

from PIL import Image, ImageDraw, ImageFont

from .vapix import Point

OUTLINE: Final = (0, 220, 255)  # an area, not in alarm
ALARM: Final = (255, 40, 40)  # an area in alarm: outline, and a translucent fill
ALARM_FILL_ALPHA: Final = 70
HOTTEST: Final = (255, 255, 255)  # the hottest pixel's marker (white ring, red centre)
COLDEST: Final = (40, 120, 255)  # the coldest pixel's marker, where a rule looks at it
SPOT: Final = (255, 220, 0)  # the spot meter's cross
TEXT: Final = (255, 255, 255)
SHADOW: Final = (0, 0, 0)
JPEG_QUALITY: Final = 85
PAD: Final = 2  # a label's dark backing beyond its text
# The canvas when there is no snapshot to draw on (the camera gave none when an alarm started).
BLANK_SIZE: Final = (640, 480)
# The largest snapshot drawn on (its longer side). A JPEG is decoded reduced towards it (JPEG
# draft mode, by 1/2, 1/4 or 1/8) and anything still larger is scaled down to it; a snapshot
# that even so decodes to more than PIXEL_BUDGET pixels is refused before it is decoded. A
# decompression bomb (a small file declaring 12000 x 12000 pixels) costs next to nothing.
MAX_SIDE: Final = 2048
PIXEL_BUDGET: Final = 4 * MAX_SIDE * MAX_SIDE


class UnreadableSnapshotError(ValueError):
    """The snapshot is not an image Pillow can read (truncated, or not an image at all)."""


class SnapshotTooLargeError(UnreadableSnapshotError):
    """The snapshot declares more pixels than :data:`PIXEL_BUDGET`, even decoded reduced."""


@dataclass(frozen=True, slots=True)
class MapArea:
    """One area as drawn: outline, label, alarm state and markers."""

    vertices: tuple[Point, ...]
    name: str
    value: str  # the value its rule uses, e.g. "324 °C"; under the name
    alarm: bool = False
    hottest: Point | None = None
    coldest: Point | None = None


@dataclass(frozen=True, slots=True)
class MapSpot:
    """The spot meter as drawn."""

    position: Point
    label: str


@dataclass(frozen=True, slots=True)
class AreaMap:
    """Everything drawn over the snapshot; equal maps draw equal images."""

    areas: tuple[MapArea, ...] = ()
    spot: MapSpot | None = None
    caption: str | None = None


def to_pixel(point: Point, width: int, height: int) -> tuple[float, float]:
    """A point of 000's coordinate system as a pixel position of a ``width``×``height`` image."""
    x, y = point
    return (x + 1) / 2 * (width - 1), (1 - y) / 2 * (height - 1)


type Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True, slots=True)
class Label:
    """A label as placed: its text's top left corner, and the box it covers (its backing)."""

    at: tuple[float, float]
    text: str
    colour: tuple[int, int, int]
    box: Box


def render(snapshot: bytes | None, overlay: AreaMap) -> bytes:
    """``snapshot`` (any image Pillow reads) with ``overlay`` drawn on it, as JPEG bytes.

    Without a snapshot the overlay is drawn on black. Line widths, markers and text scale
    with the image, so the map reads the same at dashboard-tile size and at full size.
    """
    image = Image.new("RGB", BLANK_SIZE) if snapshot is None else _decoded(snapshot)
    width, height = image.size
    line = _line(width, height)
    font = _font(width, height)

    def pixels(points: tuple[Point, ...]) -> list[tuple[float, float]]:
        return [to_pixel(point, width, height) for point in points]

    if alarmed := [area for area in overlay.areas if area.alarm and len(area.vertices) >= 3]:
        fill = Image.new("RGBA", image.size, (0, 0, 0, 0))
        fill_draw = ImageDraw.Draw(fill)
        for area in alarmed:
            fill_draw.polygon(pixels(area.vertices), fill=(*ALARM, ALARM_FILL_ALPHA))
        image = Image.alpha_composite(image.convert("RGBA"), fill).convert("RGB")

    draw = ImageDraw.Draw(image)
    radius = 3 * line
    for area in overlay.areas:
        if len(area.vertices) < 3:
            continue
        corners = pixels(area.vertices)
        colour = ALARM if area.alarm else OUTLINE
        draw.line([*corners, corners[0]], fill=colour, width=line, joint="curve")
        if area.hottest is not None:
            x, y = to_pixel(area.hottest, width, height)
            draw.ellipse(
                (x - radius, y - radius, x + radius, y + radius), outline=HOTTEST, width=line
            )
            draw.ellipse((x - line, y - line, x + line, y + line), fill=ALARM)
        if area.coldest is not None:
            x, y = to_pixel(area.coldest, width, height)
            draw.ellipse(
                (x - radius, y - radius, x + radius, y + radius), outline=COLDEST, width=line
            )
    if (spot := overlay.spot) is not None:
        x, y = to_pixel(spot.position, width, height)
        arm = 2 * radius
        draw.line((x - arm, y, x + arm, y), fill=SPOT, width=line)
        draw.line((x, y - arm, x, y + arm), fill=SPOT, width=line)
    for label in _layout(draw, overlay, width, height, font):
        left, top, right, bottom = label.box
        draw.rectangle((left, top, right, bottom), fill=SHADOW)
        draw.multiline_text(label.at, label.text, fill=label.colour, font=font)
    if overlay.caption:
        box = draw.textbbox((0, 0), overlay.caption, font=font)
        # At the top: dashboard cards lay their name over the bottom of an image.
        bar = box[3] - box[1] + 4 * line
        draw.rectangle((0, 0, width, bar), fill=SHADOW)
        draw.text((2 * line, 2 * line - box[1]), overlay.caption, fill=TEXT, font=font)
    out = BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def label_layout(overlay: AreaMap, width: int, height: int) -> list[Label]:
    """Where :func:`render` puts the labels on a ``width``×``height`` image (areas', the spot's)."""
    draw = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    return _layout(draw, overlay, width, height, _font(width, height))


def spot_box(overlay: AreaMap, width: int, height: int) -> Box | None:
    """What the spot meter's cross covers (labels keep clear of it)."""
    if overlay.spot is None:
        return None
    x, y = to_pixel(overlay.spot.position, width, height)
    arm = 6 * _line(width, height)
    return (x - arm, y - arm, x + arm, y + arm)


def _line(width: int, height: int) -> int:
    return max(1, round(max(1.0, min(width, height) / 160)))


def _font(width: int, height: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A twentieth of the image's height: about 15 px where a dialog shows it 300 px high."""
    return ImageFont.load_default(size=max(10, round(min(width, height) / 20)))


def _layout(
    draw: ImageDraw.ImageDraw,
    overlay: AreaMap,
    width: int,
    height: int,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
) -> list[Label]:
    """Labels that overlap neither each other nor the spot's cross, where there is room.

    Each label tries its places in turn (an area's: inside its top left corner, then below,
    above, inside its bottom left corner; the spot's: beside its cross, each side) and takes
    the first that is clear and inside the image; with none clear, its first.
    """
    line = _line(width, height)
    gap = 2 * line
    taken: list[Box] = [box] if (box := spot_box(overlay, width, height)) else []
    wanted: list[tuple[str, tuple[int, int, int], list[tuple[float, float]]]] = []
    for area in overlay.areas:
        if len(area.vertices) < 3:
            continue
        corners = [to_pixel(point, width, height) for point in area.vertices]
        left, top = min(x for x, _ in corners), min(y for _, y in corners)
        bottom = max(y for _, y in corners)
        text = f"{area.name}\n{area.value}"
        high = _size(draw, text, font)[1]
        places = [
            (left + gap, top + gap),
            (left, bottom + gap),
            (left, top - high - 2 * gap),
            (left + gap, bottom - high - gap),
        ]
        wanted.append((text, ALARM if area.alarm else OUTLINE, places))
    if (spot := overlay.spot) is not None:
        x, y = to_pixel(spot.position, width, height)
        wide, high = _size(draw, spot.label, font)
        clear = 6 * line + PAD + line  # beside the cross, backing included
        places = [
            (x + clear, y + gap),
            (x + clear, y - high - gap),
            (x - clear - wide, y + gap),
            (x - clear - wide, y - high - gap),
        ]
        wanted.append((spot.label, SPOT, places))
    labels = []
    for text, colour, places in wanted:
        at, box = _place(draw, text, font, places, taken=taken, size=(width, height))
        taken.append(box)
        labels.append(Label(at, text, colour, box))
    return labels


def _place(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    places: list[tuple[float, float]],
    *,
    taken: list[Box],
    size: tuple[int, int],
) -> tuple[tuple[float, float], Box]:
    """The first of ``places`` where the text is clear and inside the image, else the first.

    Measured place by place, up to the one taken: measuring text is most of the drawing.
    """
    boxes = ((at, _box(draw, at, text, font)) for at in places)
    first = next(boxes)
    for at, box in chain((first,), boxes):
        if _inside(box, *size) and not any(_overlap(box, o) for o in taken):
            return at, box
    return first


def _size(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont
) -> tuple[float, float]:
    left, top, right, bottom = draw.multiline_textbbox((0, 0), text, font=font)
    return right - left, bottom - top


def _box(
    draw: ImageDraw.ImageDraw,
    at: tuple[float, float],
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
) -> Box:
    """The text's box with its backing's margin: dark, readable on any palette."""
    left, top, right, bottom = draw.multiline_textbbox(at, text, font=font)
    return (left - PAD, top - PAD, right + PAD, bottom + PAD)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(box: Box, width: int, height: int) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height


def readable(image: bytes) -> bool:
    """Whether ``image`` is a whole image Pillow can read (checked without decoding it)."""
    try:
        with Image.open(BytesIO(image)) as opened:
            opened.verify()
    except OSError, ValueError, SyntaxError, Image.DecompressionBombError:
        return False
    return True


def _decoded(snapshot: bytes) -> Image.Image:
    """The snapshot as RGB, at most :data:`MAX_SIDE` wide and high, decoded within budget."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns about a bomb up to twice its limit: refuse it as one.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(BytesIO(snapshot))
        with opened:
            width, height = opened.size
            if opened.format == "JPEG" and max(width, height) > MAX_SIDE:
                ratio = MAX_SIDE / max(width, height)
                opened.draft("RGB", (max(1, int(width * ratio)), max(1, int(height * ratio))))
            _check_budget(*opened.size)
            image = opened.convert("RGB")
    except SnapshotTooLargeError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise SnapshotTooLargeError(str(err)) from err
    except (OSError, ValueError) as err:
        raise UnreadableSnapshotError(str(err)) from err
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    return image


def _check_budget(width: int, height: int) -> None:
    if width * height > PIXEL_BUDGET:
        raise SnapshotTooLargeError(f"{width}x{height} pixels")
