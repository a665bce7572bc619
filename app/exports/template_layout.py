"""Read a marketplace's own mass-upload template: which sheet takes the products, its
header rows, the first row to fill, what each column is, and the category list it carries.

Seller centres ship templates per category and change them over time, so nothing here
assumes a layout: the data sheet is the one whose first rows name the most columns of the
marketplace's profile (by header or alias, see :mod:`.headers`), whether in Vietnamese, in
English or as a row of technical keys ("ps_product_name|1|0", often hidden). Rows around the
best one that are filled (a group row above, an English row below, a row of "Bắt buộc"
markers, descriptions, an example) belong to the header block; the first row after it is
where products go.

The file is untrusted: it is read with the imports' bounded reader (app/imports), whose
budgets refuse zip bombs and sheets that claim millions of rows before they cost memory.
"""

import io
import re
import zipfile
from dataclasses import dataclass, replace

from flask_babel import lazy_gettext as _l

from ..imports.limits import Budget, ReadLimits
from ..imports.problems import ImportFileError
from ..imports.xlsx_stream import Workbook
from ..text import clean
from . import template_lists
from .headers import header_key, loose_key, says_mandatory
from .profiles import Column

MB = 1024 * 1024
MAX_BYTES = 20 * MB  # a seller centre's template weighs well under 5 MB
MAX_ENTRIES = 2_000
MAX_UNZIPPED = 150 * MB  # what the zip claims; zipfile never inflates an entry past its claim
MAX_SHEETS = 40
HEAD_ROWS = 40  # header, marker, description and example rows all sit in the first rows
MIN_MATCHES = 2  # columns a row must name to be a header row
MARKER_CHARS = 40  # a longer note under a header is a description, not a marker
LIMITS = ReadLimits(
    max_bytes=MAX_BYTES,
    max_rows=1_000_000,
    max_columns=400,
    max_blank_rows=1_000_000,
    max_cells=250_000,
    max_shared_strings=300_000,
    max_unpacked_bytes=80 * MB,
    max_shared_strings_bytes=40 * MB,
    max_sheet_bytes=30 * MB,
)
_KEY_RE = re.compile(r"^[a-z][a-z0-9_.]*[a-z0-9](\|[^|]*)*$")
_VARIANT_COLUMN_RE = re.compile(
    r"\b(?:variation|variant|phan loai|bien the)\s*(\d+)\b.*\b(?:sku|price|gia|stock|kho)\b"
)


class TemplateError(ValueError):
    """A file that cannot serve as the marketplace's template; ``message`` says why, lazily
    translated, for the upload form."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class TemplateColumn:
    index: int  # 1-based
    header: str
    key: str | None  # the technical key, without Shopee's "|1|0" suffix
    mandatory: bool
    column: Column | None  # the profiles.Column it is filled from; None: left empty


@dataclass(frozen=True)
class TemplateLayout:
    sheet: str
    header_rows: tuple[int, ...]
    first_row: int  # the first row to fill
    columns: tuple[TemplateColumn, ...]
    categories: tuple[str, ...] = ()  # the marketplace's own, when the template lists them
    variant_columns: bool = False  # the template wants a row per product, variants in columns
    part: str = "xl/worksheets/sheet1.xml"  # the data sheet's entry in the zip

    @property
    def unfilled(self) -> tuple[TemplateColumn, ...]:
        """The columns no profile column fills, mandatory ones first."""
        empty = [c for c in self.columns if c.column is None]
        return tuple(sorted(empty, key=lambda c: (not c.mandatory, c.index)))

    @property
    def category_index(self) -> int | None:
        return next(
            (c.index for c in self.columns if c.column and c.column.source == "category"), None
        )


def not_a_template():
    return _l("This file is not an Excel .xlsx workbook. Upload the template as downloaded.")


def damaged():
    return _l("This template is damaged or not an Excel .xlsx file. Open it and save it again.")


def check_archive(data: bytes) -> zipfile.ZipFile:
    """The opened zip of ``data``, refused early when it cannot be a template of ours."""
    if len(data) > MAX_BYTES:
        raise TemplateError(_l("The template is larger than %(size)d MB.", size=MAX_BYTES // MB))
    if not data.startswith(b"PK\x03\x04"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise TemplateError(
                _l("This is an old Excel (.xls) file. In Excel, save it as .xlsx, then upload it.")
            )
        raise TemplateError(not_a_template())
    if data.count(b"PK\x01\x02") > MAX_ENTRIES:
        raise TemplateError(not_a_template())
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise TemplateError(not_a_template()) from None
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise TemplateError(not_a_template())
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise TemplateError(
            _l(
                "This workbook holds macros (.xlsm). Lên Sàn fills plain .xlsx templates: "
                "download the template again, or save it as .xlsx."
            )
        )
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNZIPPED:
        raise TemplateError(_l("The template is too large once unpacked."))
    return archive


def read_layout(data: bytes, profile) -> TemplateLayout:
    """The layout of the template ``data`` for ``profile``'s marketplace; TemplateError
    with a message for the user when it is not one."""
    archive = check_archive(data)
    try:
        with archive:
            book = Workbook(archive, LIMITS)
            return _layout(book, profile)
    except TemplateError:
        raise
    except ImportFileError as error:
        raise TemplateError(error.messages[0] if error.messages else not_a_template()) from None
    except Exception:  # noqa: BLE001 — any failure inside an untrusted workbook means "damaged"
        raise TemplateError(damaged()) from None


class _Names:
    """A profile's column names as header keys, exact and loose (units in brackets aside)."""

    def __init__(self, profile):
        self.exact: dict[str, object] = {}
        self.loose: dict[str, object | None] = {}
        for column in profile.columns:
            for name in column.names:
                self.exact.setdefault(header_key(name), column)
                key = loose_key(name)
                if key and self.loose.setdefault(key, column) is not column:
                    self.loose[key] = None  # two columns: too loose to tell

    def match(self, text: str):
        if not text:
            return None
        for candidate in (text, text.split("\n", 1)[0]):
            column = self.exact.get(header_key(candidate)) or self.loose.get(loose_key(candidate))
            if column is not None:
                return column
        return None

    def count(self, cells: list[str]) -> int:
        return sum(1 for cell in cells if self.match(cell) is not None)


def _head(book: Workbook, part: str) -> dict[int, list[str]]:
    """The sheet's first rows by number (empty rows too), read within the budgets."""
    rows: dict[int, list[str]] = {}
    for number, cells in book.rows(part, Budget(LIMITS.max_cells)):
        if number > HEAD_ROWS:
            break  # the reading stops: the generator is closed as it is dropped
        rows[number] = [c.strip() for c in cells]
    return rows


def _is_key_row(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    keys = [c for c in filled if _KEY_RE.match(c)]
    return len(keys) >= MIN_MATCHES and len(keys) * 10 >= len(filled) * 6


def _layout(book: Workbook, profile) -> TemplateLayout:
    names = _Names(profile)
    best = None  # (score, title, part, head, header row)
    for title, part in book.sheets[:MAX_SHEETS]:
        head = _head(book, part)
        scores = {n: names.count(cells) for n, cells in head.items()}
        row = max(scores, key=lambda n: (scores[n], -n), default=None)
        if (
            row is not None
            and scores[row] >= MIN_MATCHES
            and (best is None or scores[row] > best[0])
        ):
            best = (scores[row], title, part, head, row)
    if best is None:
        raise TemplateError(
            _l(
                "No header row found: none of the first %(rows)d rows of any sheet names the "
                "columns of %(marketplace)s (for example “%(example)s”). Upload the template "
                "downloaded from the seller centre.",
                rows=HEAD_ROWS,
                marketplace=profile.name,
                example=profile.columns[1].header if len(profile.columns) > 1 else "",
            )
        )
    _, title, part, head, main = best
    key_row = next((n for n in sorted(head) if _is_key_row(head[n])), None)
    if main == key_row:  # the keys named the most: the best human row is the header row
        human = {n: names.count(c) for n, c in head.items() if n != key_row}
        best_human = max(human, key=lambda n: (human[n], -n), default=None)
        if best_human is not None and human[best_human] >= MIN_MATCHES:
            main = best_human
    header_rows, block = _block(head, names, main, key_row)
    columns = _columns(head, names, main, key_row, header_rows, block)
    layout = TemplateLayout(
        sheet=title,
        header_rows=header_rows,
        first_row=block[-1] + 1,
        columns=columns,
        variant_columns=_wants_variant_columns(columns),
        part=part,
    )
    categories = template_lists.categories(book, layout, LIMITS)
    return replace(layout, categories=categories)


def _block(head, names, main: int, key_row: int | None) -> tuple[tuple[int, ...], list[int]]:
    """(the header rows, every row of the header block): the filled rows around the header
    and key rows; header rows run from the block's top to the last row naming columns."""

    def filled(n: int) -> bool:
        return any(head.get(n, ()))

    def next_filled(n: int, step: int) -> int | None:
        """The filled row next to ``n`` (one empty row in between allowed), else None."""
        for candidate in (n + step, n + 2 * step):
            if candidate >= 1 and filled(candidate):
                return candidate
        return None

    top = min(main, key_row or main)
    bottom = max(main, key_row or main)
    while (above := next_filled(top, -1)) is not None:
        top = above
    while (below := next_filled(bottom, 1)) is not None:
        bottom = below
    block = [n for n in range(top, bottom + 1)]
    naming = [n for n in block if n == key_row or names.count(head.get(n, [])) >= MIN_MATCHES]
    last = max(naming)
    return tuple(n for n in block if n <= last and filled(n)), block


def _cell(head, row: int | None, index: int) -> str:
    cells = head.get(row, []) if row is not None else []
    return cells[index - 1] if index <= len(cells) else ""


def _columns(head, names, main, key_row, header_rows, block) -> tuple[TemplateColumn, ...]:
    human = [n for n in header_rows if n != key_row]
    human.sort(key=lambda n: n != main)  # the best-matching row first
    width = max((len(head.get(n, [])) for n in header_rows), default=0)
    columns = []
    for index in range(1, width + 1):
        texts = [_cell(head, n, index) for n in human]
        raw_key = _cell(head, key_row, index)
        if not raw_key and not any(texts):
            continue
        key = raw_key.split("|", 1)[0] or None
        column = names.match(raw_key) if raw_key else None
        for text in texts:
            column = column or names.match(text)
        header = clean(next((t for t in texts if t), key or "")).strip("* ")
        notes = [_cell(head, n, index) for n in block if n != key_row]
        mandatory = _key_says_mandatory(raw_key) or any(
            says_mandatory(t) for t in notes if t and len(t) <= MARKER_CHARS
        )
        columns.append(TemplateColumn(index, header, key, mandatory, column))
    return tuple(columns)


def _key_says_mandatory(raw_key: str) -> bool:
    """Shopee's keys say it themselves: "ps_price|1|1" is key|mandatory|type."""
    parts = raw_key.split("|")
    return len(parts) >= 2 and parts[1].strip() == "1"


def _wants_variant_columns(columns) -> bool:
    """Whether the template puts variants side by side ("Variation 1 SKU", "Variation 2
    SKU"…) on one row per product, instead of a row per variant."""
    numbers = set()
    for column in columns:
        for text in (column.header, column.key or ""):
            match = _VARIANT_COLUMN_RE.search(header_key(text))
            if match:
                numbers.add(match.group(1))
    return len(numbers) >= 2
