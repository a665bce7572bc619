"""Demo logos and bank accounts for the three demo cooperatives (``flask seed-demo``).

Idempotent: a cooperative that already has a logo or an account keeps it. The account
numbers are made up (patterned on purpose); the logos are drawn here with Pillow and go
through the same pipeline as an upload.
"""

import io
import math
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select

from ..cooperatives.services import store_logo
from ..extensions import db
from ..models import Cooperative

DEMO_PROFILES: dict[str, dict[str, Any]] = {
    "htx-lam-binh": dict(
        initials="LB",
        colour=(156, 61, 31),  # red peanut skins
        bank_bin="970405",  # Agribank
        bank_account_number="8700123456789",
        bank_account_holder="HTX NONG NGHIEP VA DICH VU LAM BINH",
        sells_by_transfer=True,  # its product pages offer orders by transfer (issue 19)
    ),
    "htx-di-linh": dict(
        initials="DL",
        colour=(35, 102, 52),  # coffee leaves
        bank_bin="970418",  # BIDV
        bank_account_number="1234567890",
        bank_account_holder="HTX NONG NGHIEP XANH DI LINH",
    ),
    "htx-minh-xuan": dict(
        initials="MX",
        colour=(86, 112, 20),  # lemon rind, dark enough for white letters
        bank_bin="970415",  # VietinBank
        bank_account_number="0123456789012",
        bank_account_holder="HTX NONG NGHIEP CONG NGHE CAO MINH XUAN",
    ),
}


def _leaf(cx: float, cy: float, length: float, width: float, angle: float) -> list[tuple]:
    """A leaf outline: two arcs meeting at the tips, turned by ``angle`` radians."""
    points = []
    for side in (1, -1):
        for i in range(21):
            t = i / 20 if side == 1 else 1 - i / 20
            x = (t - 0.5) * length
            y = side * math.sin(math.pi * t) * width / 2
            points.append(
                (
                    cx + x * math.cos(angle) - y * math.sin(angle),
                    cy + x * math.sin(angle) + y * math.cos(angle),
                )
            )
    return points


def draw_logo(initials: str, colour: tuple[int, int, int], final_size: int = 512) -> bytes:
    """A round badge: the cooperative's colour, a pale ring, two leaves, white initials.

    Drawn at twice the size and scaled down, which smooths the edges.
    """
    size = final_size * 2
    img = Image.new("RGB", (size, size), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    pad = size * 0.04
    draw.ellipse((pad, pad, size - pad, size - pad), fill=colour)
    ring = size * 0.09
    pale = tuple(int(c + (255 - c) * 0.55) for c in colour)
    draw.ellipse((ring, ring, size - ring, size - ring), outline=pale, width=int(size * 0.015))
    mid = size / 2
    for direction in (-1, 1):
        draw.polygon(
            _leaf(
                mid + direction * size * 0.085,
                size * 0.27,
                size * 0.2,
                size * 0.09,
                direction * -0.6,
            ),
            fill=pale,
        )
    font = ImageFont.load_default(size=int(size * 0.3))
    white = (255, 255, 255)
    draw.text(
        (mid, size * 0.58),
        initials,
        font=font,
        fill=white,
        anchor="mm",
        stroke_width=int(size * 0.008),
        stroke_fill=white,
    )
    out = io.BytesIO()
    img.resize((final_size, final_size), Image.Resampling.LANCZOS).save(out, "PNG")
    return out.getvalue()


def seed_public_profiles() -> list[str]:
    """Give each demo cooperative a logo and a bank account it does not have yet."""
    lines = []
    for slug, profile in DEMO_PROFILES.items():
        coop = db.session.execute(
            select(Cooperative).where(Cooperative.slug == slug)
        ).scalar_one_or_none()
        if coop is None:
            continue
        if coop.logo_key is None:
            coop.logo_key = store_logo(draw_logo(profile["initials"], profile["colour"]))
            lines.append(f"logo {slug}")
        if coop.bank_bin is None:
            coop.bank_bin = profile["bank_bin"]
            coop.bank_account_number = profile["bank_account_number"]
            coop.bank_account_holder = profile["bank_account_holder"]
            coop.sells_by_transfer = profile.get("sells_by_transfer", False)
            lines.append(f"bank account {slug}")
    db.session.commit()
    return lines
