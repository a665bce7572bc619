"""Demo photos of public trace events, drawn with Pillow (no file in the repository): red
peanuts drying on a blue tarp in the cooperative's yard, and sacks packed for shipping."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

SIZE = (1200, 900)


def _drying(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    draw.rectangle((0, 0, SIZE[0], 260), fill=(205, 196, 180))  # the yard's wall
    draw.polygon([(60, 300), (1140, 280), (1180, 880), (20, 890)], fill=(38, 96, 170))  # tarp
    for _ in range(1400):
        x, y = rng.randint(90, 1120), rng.randint(320, 860)
        w, h = rng.randint(18, 30), rng.randint(10, 16)
        shade = rng.randint(-25, 20)
        draw.ellipse((x, y, x + w, y + h), fill=(150 + shade, 48 + shade // 2, 40 + shade // 2))


def _sacks(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    draw.rectangle((0, 0, SIZE[0], SIZE[1]), fill=(190, 184, 170))  # the store's floor
    for row in range(3):
        for col in range(4):
            x, y = 90 + col * 260 + rng.randint(-10, 10), 520 - row * 190
            draw.rounded_rectangle((x, y, x + 230, y + 260), 30, fill=(222, 206, 160))
            draw.rectangle((x + 60, y + 90, x + 170, y + 150), fill=(29, 107, 58))


DRAWINGS = {"drying": _drying, "sacks": _sacks}


def demo_photo(name: str) -> bytes:
    """A 1200 × 900 JPEG of the drawing ``name``, the same on every run."""
    image = Image.new("RGB", SIZE, (255, 255, 255))
    DRAWINGS[name](ImageDraw.Draw(image), random.Random(name))
    out = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(0.8)).save(out, "JPEG", quality=85)
    return out.getvalue()
