"""How a buyer reaches a cooperative from a public page: a call (``tel:``) and Zalo
(``https://zalo.me/<phone digits>``), from the phone the cooperative recorded."""

import re

from . import bp

_NOT_DIGIT = re.compile(r"\D")


def phone_digits(phone: str | None) -> str:
    """The phone's digits only ("0912 345 678" -> "0912345678"); "" without a phone."""
    return _NOT_DIGIT.sub("", phone or "")


def tel_url(phone: str | None) -> str:
    """The ``tel:`` link of a phone ("+84…" keeps its plus); "" without digits."""
    digits = phone_digits(phone)
    if not digits:
        return ""
    return "tel:" + ("+" if (phone or "").strip().startswith("+") else "") + digits


def zalo_url(phone: str | None) -> str:
    """The Zalo chat of a phone number: Zalo finds the account by the number."""
    digits = phone_digits(phone)
    return f"https://zalo.me/{digits}" if digits else ""


bp.add_app_template_filter(tel_url, "tel_url")
bp.add_app_template_filter(zalo_url, "zalo_url")
