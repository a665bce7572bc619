"""Numbers written the Vietnamese way: dots between thousands, a comma before decimals.

Pure, no Flask. For numbers shown in the reader's language (Vietnamese or English) use the
Babel formatters in app/i18n.py instead; these are for text that is always Vietnamese-style
(messages' figures, form inputs, labels).
"""

from decimal import Decimal


def grouped(number: int) -> str:
    """1200000 -> "1.200.000", the Vietnamese way."""
    return f"{number:,}".replace(",", ".")


def decimal_text(number: Decimal) -> str:
    """Plain decimal text without trailing zeros: Decimal("1.50") -> "1.5", 500 -> "500"."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def decimal_input(number: Decimal | None) -> str:
    """A stored decimal as a Vietnamese types it: Decimal("2.5000") -> "2,5"."""
    return "" if number is None else decimal_text(number).replace(".", ",")
