"""Render the simulated thermal scene as a JPEG (Pillow ships with Home Assistant)."""

from __future__ import annotations

from io import BytesIO

from PIL import Image, ImageDraw

from .model import SimulatedCamera

MAX_WIDTH, MAX_HEIGHT = 1920, 1080


def _lut(palette: str) -> list[int]:
    """A 256-entry RGB palette for a palette name."""
    lut: list[int] = []
    for i in range(256):
        t = i / 255
        if palette == "Black-hot":
            rgb = (255 - i, 255 - i, 255 - i)
        elif palette in ("Iron", "Iso-Fire"):
            rgb = (
                int(255 * min(1, t * 1.6)),
                int(255 * max(0, min(1, t * 1.8 - 0.6))),
                int(255 * max(0, min(1, t * 3 - 2))),
            )
        elif palette in ("Rainbow", "Iso-Rainbow"):
            rgb = (
                int(255 * max(0, min(1, 2 * t - 0.5))),
                int(255 * (1 - abs(2 * t - 1))),
                int(255 * max(0, min(1, 1 - 2 * t))),
            )
        else:  # White-hot and anything unknown
            rgb = (i, i, i)
        lut.extend(rgb)
    return lut


def render(camera: SimulatedCamera, width: int = 320, height: int = 240) -> bytes:
    """Draw the live areas in palette colours over a soft background; return JPEG bytes."""
    thermals = camera.thermals
    live = [a for a in thermals.areas.values() if camera.area_is_live(a)]
    temps = [camera.measure_c(a, "average") for a in live] + [thermals.ambient_c]
    low, high = min(temps) - 10, max(temps) + 10

    def level(celsius: float) -> int:
        return max(0, min(255, int(255 * (celsius - low) / (high - low))))

    base = level(thermals.ambient_c)
    gradient = (
        Image.linear_gradient("L")
        .resize((width, height))
        .point(lambda v: max(0, min(255, base - 20 + v // 6)))
    )
    draw = ImageDraw.Draw(gradient)

    def pixel(x: float, y: float) -> tuple[float, float]:
        return ((x + 1) / 2 * (width - 1), (1 - y) / 2 * (height - 1))

    for area in live:
        draw.polygon(
            [pixel(x, y) for x, y in area.vertices], fill=level(camera.measure_c(area, "average"))
        )
    image = gradient.convert("P")
    image.putpalette(_lut(camera.params.get("Image.I0.Appearance.Palette", "White-hot")))
    image = image.convert("RGB")
    # The outlines a camera's own overlay draws; no text: values and names are the
    # integration's area map's to show (issue 29, 8).
    draw = ImageDraw.Draw(image)
    for area in live:
        colour = (255, 64, 64) if area.triggered else (64, 255, 64)
        draw.polygon([pixel(px, py) for px, py in area.vertices], outline=colour)
    out = BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def render_visual(width: int = 320, height: int = 240) -> bytes:
    """A bispectral camera's visual channel: a daylight scene (sky over ground), in colour."""
    image = Image.new("RGB", (width, height), (120, 170, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 2 // 3, width, height), fill=(90, 120, 60))
    draw.rectangle((width // 4, height // 3, width // 2, height * 2 // 3), fill=(150, 150, 150))
    out = BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()
