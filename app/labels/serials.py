"""Per-item serial codes: a counter and a keyed MAC, in Crockford base32. No Flask here.

A serialized label run reserves a range of one global counter (``first_serial`` up to
``first_serial + count - 1``) and draws a random 16-byte key. Label *n* of the run prints

    base32(counter) + base32(first 65 bits of HMAC-SHA256(key, counter))

so a code is 14 to 20 characters (GS1 AI 21 allows 20), never the 10 of a batch's public code.
Nothing is stored per code: printing or reprinting a range recomputes the same codes, and a
scanned code is checked by finding the run whose range holds its counter and recomputing the
MAC. Guessing a valid code means guessing 65 key-dependent bits.
"""

import hashlib
import hmac

from ..trace.rules import PUBLIC_ALPHABET, normalize_public_code

MAC_CHARS = 13  # 65 bits
MAX_COUNTER_CHARS = 7
MAX_COUNTER = 32**MAX_COUNTER_CHARS - 1
MIN_LENGTH = 1 + MAC_CHARS
MAX_LENGTH = MAX_COUNTER_CHARS + MAC_CHARS
_VALUES = {ch: i for i, ch in enumerate(PUBLIC_ALPHABET)}


def _base32(number: int, width: int = 1) -> str:
    chars: list[str] = []
    while number or len(chars) < width:
        number, digit = divmod(number, 32)
        chars.append(PUBLIC_ALPHABET[digit])
    return "".join(reversed(chars))


def _number(text: str) -> int:
    value = 0
    for ch in text:
        value = value * 32 + _VALUES[ch]
    return value


def _mac(key: bytes, counter: int) -> str:
    digest = hmac.new(key, counter.to_bytes(8, "big"), hashlib.sha256).digest()
    return _base32(int.from_bytes(digest[:9], "big") >> 7, MAC_CHARS)


def serial_code(key: bytes, counter: int) -> str:
    """The code printed for ``counter`` of a run keyed ``key``."""
    if not 1 <= counter <= MAX_COUNTER:
        raise ValueError(f"serial counter out of range: {counter}")
    return _base32(counter) + _mac(key, counter)


def serial_counter(code: str | None) -> int | None:
    """The counter a serial-shaped code claims, or None when ``code`` cannot be a serial
    (wrong length or characters, or a counter written with a leading zero)."""
    text = normalize_public_code(code)
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH or text[0] == "0":
        return None
    if any(ch not in _VALUES for ch in text):
        return None
    return _number(text[:-MAC_CHARS])


def mac_matches(key: bytes, code: str) -> bool:
    """Whether ``code`` carries the MAC of its counter under ``key`` (constant time)."""
    text = normalize_public_code(code)
    counter = serial_counter(text)
    return counter is not None and hmac.compare_digest(_mac(key, counter), text[-MAC_CHARS:])


def grouped(code: str) -> str:
    """A serial as printed for people to type: groups of four ("1ABC DEFG …")."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))
