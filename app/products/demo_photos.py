"""Demo product photos, drawn with Pillow and stored through the real upload pipeline.

Each demo product of the three demo cooperatives gets a believable studio shot (a kraft bag
of red peanuts, a bottle of peanut oil, a coffee pouch, a small essential-oil bottle…) at
1200 × 900, so the thumbnails and marketplace squares are real renditions. Idempotent: a
product that already has photos is left alone.
"""

import io
import random
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from sqlalchemy import select

from ..extensions import db
from ..models import Cooperative, Product
from ..text import fold

DEMO_SLUGS = ("htx-lam-binh", "htx-di-linh", "htx-minh-xuan")
SIZE = (1200, 900)
SCALE = 2  # drawn at twice the size, then scaled down: smooth edges
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")

KRAFT = (196, 158, 112)
KRAFT_DARK = (160, 122, 80)
PEANUT = (150, 42, 38)
OIL = (222, 170, 40)
COFFEE_PACK = (58, 38, 30)
BEAN = (92, 56, 34)
AMBER = (120, 62, 18)
LEMON = (122, 170, 48)
GREEN = (29, 107, 58)
CREAM = (250, 246, 236)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        path = Path(folder) / name
        if path.is_file():
            return ImageFont.truetype(str(path), size * SCALE)
    return ImageFont.load_default(size * SCALE)


def _s(*values):
    """Design coordinates (1200 × 900) to canvas pixels."""
    return tuple(int(v * SCALE) for v in values)


def _backdrop(rng: random.Random, top=(236, 232, 224), bottom=(210, 196, 176)) -> Image.Image:
    """A studio sweep: a light wall fading to a warm table, with a little grain."""
    width, height = _s(*SIZE)
    img = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(img)
    horizon = int(height * 0.62)
    for y in range(height):
        if y < horizon:
            t = y / horizon
            colour = tuple(int(a + (b - a) * t * 0.35) for a, b in zip(top, bottom, strict=True))
        else:
            t = (y - horizon) / (height - horizon)
            colour = tuple(int(b - 18 * t) for b in bottom)
        draw.line([(0, y), (width, y)], fill=colour)
    grain = Image.effect_noise((width, height), 18).convert("RGB")
    return Image.blend(img, grain, 0.04)


def _shadow(img: Image.Image, box) -> None:
    """A soft contact shadow under an object standing on the table."""
    layer = Image.new("L", img.size, 0)
    ImageDraw.Draw(layer).ellipse(_s(*box), fill=120)
    layer = layer.filter(ImageFilter.GaussianBlur(18 * SCALE))
    img.paste((70, 55, 40), mask=layer)


def _label(draw, box, lines, fill=CREAM, ink=(40, 40, 40), accent=GREEN) -> None:
    """A printed label: a band of the cooperative's green and centred lines of text."""
    x0, y0, x1, y1 = _s(*box)
    draw.rounded_rectangle((x0, y0, x1, y1), radius=10 * SCALE, fill=fill, outline=accent,
                           width=3 * SCALE)  # fmt: skip
    draw.rectangle((x0, y0 + 10 * SCALE, x1, y0 + 26 * SCALE), fill=accent)
    y = y0 + 40 * SCALE
    for text, size, bold in lines:
        font = _font(size, bold)
        width = draw.textlength(text, font=font)
        draw.text(((x0 + x1 - width) / 2, y), text, font=font, fill=ink)
        y += int(size * 1.35 * SCALE)


def _wrap(text: str, width: int) -> list[str]:
    """Words into lines of about ``width`` characters."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def _peanut(draw, rng, cx, cy, scale=1.0) -> None:
    """A red-skinned peanut kernel: an oval with a highlight."""
    w, h = 34 * scale, 24 * scale
    angle_shift = rng.uniform(-6, 6)
    shift = rng.randint(-18, 18)
    tone = tuple(max(0, min(255, c + shift)) for c in PEANUT)
    draw.ellipse(_s(cx - w / 2, cy - h / 2 + angle_shift / 3, cx + w / 2, cy + h / 2), fill=tone)
    draw.ellipse(_s(cx - w / 4, cy - h / 3, cx, cy - h / 8), fill=(200, 96, 84))


def _bean(draw, rng, cx, cy, scale=1.0) -> None:
    """A roasted coffee bean: a dark oval with its crease."""
    w, h = 30 * scale, 40 * scale
    shift = rng.randint(-16, 16)
    tone = tuple(max(0, min(255, c + shift)) for c in BEAN)
    draw.ellipse(_s(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), fill=tone)
    draw.arc(_s(cx - w / 6, cy - h / 2 + 4, cx + w / 6, cy + h / 2 - 4), 100, 260,
             fill=(45, 26, 16), width=3 * SCALE)  # fmt: skip


def _lemon(draw, cx, cy, r) -> None:
    draw.ellipse(_s(cx - r * 1.15, cy - r, cx + r * 1.15, cy + r), fill=LEMON)
    draw.ellipse(_s(cx - r * 0.6, cy - r * 0.7, cx - r * 0.1, cy - r * 0.35), fill=(170, 205, 90))


def draw_peanut_bag(name: str, coop: str, rng: random.Random) -> Image.Image:
    img = _backdrop(rng)
    _shadow(img, (380, 740, 820, 800))
    draw = ImageDraw.Draw(img)
    draw.polygon(_s(420, 190, 780, 190, 820, 770, 380, 770), fill=KRAFT)  # the bag
    draw.polygon(_s(420, 190, 780, 190, 770, 240, 430, 240), fill=KRAFT_DARK)  # folded top
    draw.line(_s(600, 250, 600, 760), fill=(180, 142, 98), width=2 * SCALE)
    draw.rounded_rectangle(_s(470, 560, 730, 720), radius=24 * SCALE, fill=(236, 224, 208))
    for _ in range(22):  # the window shows the kernels
        _peanut(draw, rng, rng.uniform(495, 705), rng.uniform(585, 700), 0.9)
    title = [(line, 28, True) for line in _wrap(name.upper(), 9)[:2]]
    _label(draw, (450, 290, 750, 530), [*title, (coop, 18, False), ("500 g", 26, True)])
    for _ in range(14):  # a few kernels spilled on the table
        _peanut(draw, rng, rng.uniform(200, 360), rng.uniform(730, 820))
    return img


def draw_peanut_pile(name: str, coop: str, rng: random.Random) -> Image.Image:
    img = _backdrop(rng, top=(226, 214, 196), bottom=(186, 160, 128))
    draw = ImageDraw.Draw(img)
    draw.ellipse(_s(250, 380, 950, 860), fill=(222, 206, 180))  # a rattan tray
    draw.ellipse(_s(280, 405, 920, 835), outline=(170, 130, 90), width=6 * SCALE)
    for _ in range(260):
        x, y = rng.gauss(600, 120), rng.gauss(620, 70)
        if ((x - 600) / 300) ** 2 + ((y - 620) / 190) ** 2 < 1:
            _peanut(draw, rng, x, y, 1.3)
    return img


def draw_oil_bottle(name: str, coop: str, rng: random.Random) -> Image.Image:
    img = _backdrop(rng, top=(240, 236, 226))
    _shadow(img, (440, 760, 760, 810))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle(_s(470, 330, 730, 790), radius=40 * SCALE, fill=(230, 236, 232))
    for i in range(40):  # golden oil, darker towards the bottom
        y = 360 + i * 10.5
        colour = tuple(int(c * (1 - i / 160)) for c in OIL)
        draw.rectangle(_s(482, y, 718, y + 11), fill=colour)
    draw.rectangle(_s(555, 220, 645, 335), fill=(230, 236, 232))  # neck
    draw.rounded_rectangle(_s(545, 170, 655, 230), radius=8 * SCALE, fill=(160, 30, 30))  # cap
    draw.rectangle(_s(500, 360, 520, 760), fill=(248, 236, 170))  # glass highlight
    _label(draw, (490, 470, 710, 690), [(name[:16], 22, True), (coop, 16, False),
                                        ("500 ml", 22, True)])  # fmt: skip
    for _ in range(10):
        _peanut(draw, rng, rng.uniform(780, 960), rng.uniform(740, 820))
    return img


def draw_coffee_pack(name: str, coop: str, rng: random.Random) -> Image.Image:
    img = _backdrop(rng, top=(232, 226, 216), bottom=(150, 112, 80))
    _shadow(img, (400, 760, 800, 815))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle(_s(420, 170, 780, 790), radius=26 * SCALE, fill=COFFEE_PACK)
    draw.line(_s(440, 230, 760, 230), fill=(100, 80, 70), width=4 * SCALE)  # zip
    draw.ellipse(_s(590, 260, 610, 280), fill=(20, 14, 10))  # valve
    _label(draw, (450, 320, 750, 600), [("CÀ PHÊ", 34, True), ("ROBUSTA", 26, True),
                                        ("rang xay", 20, False), (coop, 16, False)],
           fill=(238, 226, 200), accent=(150, 60, 30))  # fmt: skip
    draw.text(_s(520, 680), "250 g", font=_font(30, True), fill=(238, 226, 200))
    for _ in range(30):
        _bean(draw, rng, rng.uniform(820, 1050), rng.uniform(700, 840))
    return img


def draw_coffee_beans(name: str, coop: str, rng: random.Random) -> Image.Image:
    img = _backdrop(rng, top=(70, 52, 40), bottom=(60, 44, 34))
    draw = ImageDraw.Draw(img)
    for _ in range(520):
        _bean(draw, rng, rng.uniform(-20, 1220), rng.uniform(-20, 920), rng.uniform(1.4, 1.9))
    return img


def draw_essential_oil(name: str, coop: str, rng: random.Random) -> Image.Image:
    img = _backdrop(rng, top=(244, 246, 238), bottom=(214, 222, 204))
    _shadow(img, (500, 740, 700, 790))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle(_s(520, 420, 680, 770), radius=22 * SCALE, fill=AMBER)  # bottle
    draw.rectangle(_s(540, 440, 556, 750), fill=(170, 104, 50))  # highlight
    draw.rectangle(_s(570, 360, 630, 425), fill=(30, 30, 30))  # dropper collar
    draw.rounded_rectangle(_s(578, 230, 622, 370), radius=18 * SCALE, fill=(24, 24, 24))  # bulb
    _label(draw, (530, 520, 670, 700), [("TINH DẦU", 14, True), ("CHANH", 18, True),
                                        ("10 ml", 14, False)])  # fmt: skip
    _lemon(draw, 330, 700, 80)
    _lemon(draw, 860, 720, 70)
    draw.ellipse(_s(770, 640, 930, 790), fill=(236, 242, 200))  # a cut lemon
    draw.ellipse(_s(785, 655, 915, 775), fill=(214, 228, 140))
    return img


def draw_noodle_pack(name: str, coop: str, rng: random.Random) -> Image.Image:
    """Dong-root glass noodles: pale grey skeins behind a clear bag and its label."""
    img = _backdrop(rng, top=(238, 236, 230))
    _shadow(img, (360, 750, 840, 805))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle(_s(380, 220, 820, 780), radius=20 * SCALE, fill=(226, 222, 214))
    for _ in range(420):  # the skeins
        length, wave = rng.uniform(40, 120), rng.uniform(-12, 12)
        x, y = rng.uniform(395, 805 - length), rng.uniform(265, 765)
        tone = rng.randint(120, 170)
        skein = _s(x, y, x + length / 2, y + wave, x + length, y)
        draw.line(skein, fill=(tone, tone - 8, tone - 20), width=SCALE * 2)
    draw.rectangle(_s(380, 220, 820, 250), fill=(200, 40, 40))  # the sealed top
    title = [(line, 24, True) for line in _wrap(name, 10)[:2]]
    _label(draw, (440, 430, 760, 640), [*title, (coop, 16, False), ("500 g", 22, True)])
    return img


def draw_generic(name: str, coop: str, rng: random.Random) -> Image.Image:
    img = _backdrop(rng)
    _shadow(img, (330, 720, 870, 800))
    draw = ImageDraw.Draw(img)
    draw.chord(_s(340, 420, 860, 800), 0, 180, fill=(176, 130, 76))  # a woven basket
    for line_y in range(620, 790, 22):
        draw.line(_s(360, line_y, 840, line_y), fill=(140, 98, 52), width=4 * SCALE)
    for _ in range(16):
        x, y = rng.uniform(400, 800), rng.uniform(520, 620)
        r = rng.uniform(40, 60)
        shade = rng.randint(-20, 20)  # round brown nuts (mắc ca) or fruit
        draw.ellipse(_s(x - r, y - r, x + r, y + r), fill=(150 + shade, 104 + shade, 62 + shade))
    title = [(line, 24, True) for line in _wrap(name, 12)[:2]]
    _label(draw, (430, 300, 770, 500), [*title, (coop, 16, False)])
    return img


# (keyword in the folded name, drawings): the first that matches wins.
RECIPES = [
    ("tinh dau", [draw_essential_oil]),
    ("dau lac", [draw_oil_bottle]),
    ("ca phe", [draw_coffee_pack, draw_coffee_beans]),
    ("lac", [draw_peanut_bag, draw_peanut_pile]),
    ("mien", [draw_noodle_pack]),
]


def drawings_for(name: str):
    folded = fold(name)
    for keyword, drawings in RECIPES:
        if keyword in folded:
            return drawings
    return [draw_generic]


def render(drawing, name: str, coop: str, seed: int) -> bytes:
    """A drawing as a camera-like JPEG of 1200 × 900."""
    img = drawing(name, coop, random.Random(seed)).resize(SIZE, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=92)
    return out.getvalue()


def seed_product_photos() -> list[str]:
    """Give each demo product without photos its drawn photos; return lines to print."""
    from ..product_images.services import add_images

    products = db.session.execute(
        select(Product)
        .join(Cooperative, Product.cooperative_id == Cooperative.id)
        .where(Cooperative.slug.in_(DEMO_SLUGS))
        .order_by(Product.id)
    ).scalars()
    lines = []
    for product in products:
        if product.images:
            continue
        coop = product.cooperative.short_name or product.cooperative.legal_name
        seed = zlib.crc32(product.slug.encode())  # the same picture on every machine
        files = [
            (f"{drawing.__name__.removeprefix('draw_')}.jpg",
             render(drawing, product.name, coop, seed + index))
            for index, drawing in enumerate(drawings_for(product.name))
        ]  # fmt: skip
        add_images(product, files)
        lines.append(f"photos {len(files)} {product.name}")
    return lines
