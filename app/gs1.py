"""GS1 Digital Link paths for trade items: parse and validate ``/01/<gtin>[/22/…][/10/…][/21/…]``.

Pure: no Flask. The resolver's views hand in the raw request path (still percent-encoded, so that
``%2F`` inside a lot stays part of the lot) and get back a :class:`DigitalLink` or a
:class:`BadDigitalLink` naming what is wrong. Validation is biip's (check digit, the AI character
set and lengths, qualifier order); the structural checks before it only exist to say *which*
part is wrong in words a buyer or a label printer can act on.

Qualifiers of a GTIN, from the GS1 syntax dictionary (``dlpkey=22,10,21|235``): CPV (22), lot
(10) and serial (21), each optional, in that order; or the third-party serial (235) alone.
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote, unquote

from biip import ParseError
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString

QUALIFIER_ORDER = ("22", "10", "21")
GTIN_LENGTHS = (8, 12, 13, 14)  # shorter GTINs are zero-padded to 14, as biip does
MAX_PATH = 400  # far above the longest valid path (/01/14 + three 20-char values, encoded)
BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")  # a literal "%" must be sent as %25


class Problem(StrEnum):
    """What is wrong with a Digital Link path; the views turn each into a sentence."""

    SHAPE = "shape"  # not pairs of /key/value, empty segment, too long
    GTIN_FORMAT = "gtin_format"  # not 8, 12, 13 or 14 digits
    GTIN_CHECK_DIGIT = "gtin_check_digit"
    UNKNOWN_QUALIFIER = "unknown_qualifier"  # a key that does not qualify a GTIN
    QUALIFIER_ORDER = "qualifier_order"  # out of order (21 before 10) or repeated
    CPV = "cpv"
    LOT = "lot"
    SERIAL = "serial"
    TPX = "tpx"


class BadDigitalLink(ValueError):
    """The path is not a valid GS1 Digital Link URI path for a GTIN."""

    def __init__(self, problem: Problem, detail: str = ""):
        super().__init__(f"{problem}: {detail}" if detail else str(problem))
        self.problem = problem
        self.detail = detail  # biip's English message or our own, for logs and problem+json


@dataclass(frozen=True)
class DigitalLink:
    """A valid trade-item Digital Link: the GTIN-14 and its qualifiers, percent-decoded."""

    gtin: str
    cpv: str | None = None
    lot: str | None = None
    serial: str | None = None
    tpx: str | None = None  # AI 235, third-party controlled serial

    @property
    def path(self) -> str:
        """The canonical path: GTIN-14, qualifiers in standard order, values percent-encoded."""
        return dl_path(self.gtin, lot=self.lot, serial=self.serial, cpv=self.cpv, tpx=self.tpx)


def dl_path(
    gtin: str,
    lot: str | None = None,
    serial: str | None = None,
    cpv: str | None = None,
    tpx: str | None = None,
) -> str:
    """``/01/<gtin>[/22/<cpv>][/10/<lot>][/21/<serial>]`` (or ``/235/<tpx>``), as biip encodes."""
    parts = [("01", gtin), ("22", cpv), ("10", lot), ("21", serial), ("235", tpx)]
    return "".join(f"/{ai}/{quote(value, safe='')}" for ai, value in parts if value)


def parse_path(raw_path: str) -> DigitalLink:
    """Parse the path of a request (percent-encoded, no query string) or raise BadDigitalLink.

    One trailing slash is tolerated (the GS1 resolver standard asks for it); query strings are
    not read here at all, so a data attribute such as ``?17=…`` can never make a label fail.
    """
    if len(raw_path) > MAX_PATH:
        raise BadDigitalLink(Problem.SHAPE, "path too long")
    path = raw_path[:-1] if raw_path.endswith("/") and raw_path != "/" else raw_path
    segments = path.split("/")[1:] if path.startswith("/") else path.split("/")
    if len(segments) < 2 or segments[0] != "01":
        raise BadDigitalLink(Problem.SHAPE, "expected /01/<gtin>")
    if len(segments) % 2:
        raise BadDigitalLink(Problem.SHAPE, "expected pairs of /key/value")
    if any(not s for s in segments):
        raise BadDigitalLink(Problem.SHAPE, "empty path segment")
    if BAD_ESCAPE.search(path):
        raise BadDigitalLink(Problem.SHAPE, "malformed percent-encoding")
    pairs = list(zip(segments[::2], segments[1::2], strict=True))
    gtin = _check_gtin(unquote(pairs[0][1]))
    values = _check_qualifiers([(key, unquote(value)) for key, value in pairs[1:]])
    # biip is the authority: the whole path must parse (this also re-checks every value).
    try:
        uri = GS1DigitalLinkURI.parse(f"https://resolver.invalid{path}")
    except ParseError as error:  # pragma: no cover - the checks above catch every case we know
        raise BadDigitalLink(Problem.SHAPE, str(error)) from error
    found = {es.ai.ai: es.value for es in uri.element_strings}
    if found.get("01") != gtin:  # pragma: no cover - defensive
        raise BadDigitalLink(Problem.GTIN_FORMAT, "GTIN mismatch")
    return DigitalLink(
        gtin=gtin,
        cpv=values.get("22"),
        lot=values.get("10"),
        serial=values.get("21"),
        tpx=values.get("235"),
    )


def _check_gtin(value: str) -> str:
    if not value.isascii() or not value.isdigit() or len(value) not in GTIN_LENGTHS:
        raise BadDigitalLink(Problem.GTIN_FORMAT, f"{value!r} is not 8, 12, 13 or 14 digits")
    element = GS1ElementString.parse(f"01{value.zfill(14)}")
    if element.gtin_error:
        raise BadDigitalLink(Problem.GTIN_CHECK_DIGIT, element.gtin_error)
    return element.value


VALUE_PROBLEMS = {"22": Problem.CPV, "10": Problem.LOT, "21": Problem.SERIAL, "235": Problem.TPX}


def _check_qualifiers(pairs: list[tuple[str, str]]) -> dict[str, str]:
    keys = [key for key, _ in pairs]
    for key in keys:
        if key not in VALUE_PROBLEMS:
            raise BadDigitalLink(Problem.UNKNOWN_QUALIFIER, f"{key!r} does not qualify a GTIN")
    if "235" in keys and keys != ["235"]:
        raise BadDigitalLink(Problem.QUALIFIER_ORDER, "235 cannot be combined with 22, 10 or 21")
    order = [QUALIFIER_ORDER.index(key) for key in keys if key != "235"]
    if order != sorted(set(order)):
        raise BadDigitalLink(
            Problem.QUALIFIER_ORDER, f"got {'/'.join(keys)}, expected the order 22, 10, 21"
        )
    values = {}
    for key, value in pairs:
        try:
            values[key] = GS1ElementString.parse(f"{key}{value}").value
        except ParseError as error:
            raise BadDigitalLink(VALUE_PROBLEMS[key], str(error)) from error
    return values
