"""Fill a marketplace's own template: our rows spliced into its data sheet's XML, every other
part of the workbook copied as it is.

openpyxl would lose what seller centres put in their templates (Excel 2010 validations in
``extLst``, some styles and drawings), so the workbook is never loaded: the data sheet's XML
is cut where the products go, our ``<row>`` elements are written there, and the rest follows
unchanged. Cells are inline strings (never formulas: a text starting with "=" stays text)
or numbers, their text NFC and free of what XML cannot hold (:func:`.cells.text`). Empty
rows the template had prepared (styled, not hidden) are replaced and lend their cell styles
to ours; rows holding something, or hidden, are kept and skipped over. Rows are spooled to a
temporary file as products stream past, so memory holds the template, never the products.
"""

import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..imports.sheet_cells import column_letters
from .cells import text as cell_text
from .rows import Row, value
from .template_layout import LIMITS, TemplateError, TemplateLayout, check_archive, damaged
from .template_lists import column_index

MAX_ROW = 1_048_576  # Excel's last row
_SHEET_DATA = re.compile(rb"<((?:\w+:)?)sheetData\b[^>]*?(/?)>")
_DIMENSION = re.compile(rb'(<(?:\w+:)?dimension\b[^>]*?\bref=")([^"]*)(")')
_ROW_NUMBER = re.compile(rb'^<(?:\w+:)?row\b[^>]*?\sr="(\d+)"')
_HIDDEN = re.compile(rb'^<(?:\w+:)?row\b[^>]*?\shidden="(?:1|true)"')
_HAS_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is|f)\b")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)/?>")
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})\d+"')
_CELL_STYLE = re.compile(rb'\ss="(\d+)"')
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_AREA = re.compile(r"^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$")


@dataclass(frozen=True)
class Template:
    name: str  # the file's own name, as uploaded
    data: bytes
    layout: TemplateLayout


@dataclass(frozen=True)
class TemplateSet:
    """A marketplace's templates by its category (None: the general one)."""

    templates: dict

    def for_category(self, marketplace_category: str | None) -> Template | None:
        """The category's own template, else the general one, else None."""
        own = self.templates.get(marketplace_category) if marketplace_category else None
        return own or self.templates.get(None)


def _escape(value: str) -> str:
    value = _NOT_XML.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class _Sheet:
    """The data sheet's XML cut where the products go."""

    prefix: str  # the sheet's namespace prefix ("" or "x:")
    head: bytes  # up to the first row to fill
    kept: list[tuple[int, bytes]]  # rows at or after it that stay: filled or hidden
    styles: dict[int, str]  # a replaced empty row's cell style, by column
    tail: bytes  # from </sheetData> on
    last_row: int  # the last row the template had


def _read_part(archive: zipfile.ZipFile, part: str) -> bytes:
    with archive.open(part) as stream:
        data = stream.read(LIMITS.max_sheet_bytes + 1)
    if len(data) > LIMITS.max_sheet_bytes:
        raise TemplateError(_too_large())
    return data


def _too_large():
    return _l("The template is too large once unpacked.")


def split_sheet(data: bytes, layout: TemplateLayout) -> _Sheet:
    with check_archive(data) as archive:
        xml = _read_part(archive, layout.part)
    opening = _SHEET_DATA.search(xml)
    if opening is None:
        raise TemplateError(damaged())
    prefix = opening.group(1)
    if opening.group(2):  # <sheetData/>: no rows at all
        head = xml[: opening.start()] + b"<" + prefix + b"sheetData>"
        tail = b"</" + prefix + b"sheetData>" + xml[opening.end() :]
        return _Sheet(prefix.decode(), head, [], {}, tail, 0)
    end = xml.find(b"</" + prefix + b"sheetData>", opening.end())
    row_re = re.compile(
        rb"<%srow\b[^>]*?(?:/>|>.*?</%srow>)" % (re.escape(prefix), re.escape(prefix)), re.DOTALL
    )
    cut, number = end, 0
    kept: list[tuple[int, bytes]] = []
    styles: dict[int, str] = {}
    for match in row_re.finditer(xml, opening.end(), end):
        row = match.group()
        given = _ROW_NUMBER.match(row)
        number = int(given.group(1)) if given else number + 1
        if number < layout.first_row:
            continue
        cut = min(cut, match.start())
        if _HAS_VALUE.search(row) or _HIDDEN.match(row):
            kept.append((number, row))
        elif not styles:
            styles = _row_styles(row)
    return _Sheet(prefix.decode(), xml[:cut], kept, styles, xml[end:], number)


def _row_styles(row: bytes) -> dict[int, str]:
    styles, position = {}, 0
    for match in _CELL.finditer(row):
        attrs = match.group(1)
        ref = _CELL_REF.search(attrs)
        position = column_index(ref.group(1).decode()) if ref else position + 1
        style = _CELL_STYLE.search(attrs)
        if style:
            styles[position] = style.group(1).decode()
    return styles


class Filling:
    """One template being filled: rows written to a spool as products come, the workbook
    put together by :meth:`save`."""

    def __init__(self, template: Template, profile):
        self.template = template
        self.profile = profile
        self.sheet = split_sheet(template.data, template.layout)
        self.columns = [(c.index, c.column) for c in template.layout.columns if c.column]
        self.spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by save or close)
        self.next = template.layout.first_row
        self.k = 0  # kept rows written so far
        self.rows = 0
        self.last = 0
        self.widest = max((i for i, _ in self.columns), default=1)

    def _number(self) -> int:
        kept = self.sheet.kept
        while self.k < len(kept) and kept[self.k][0] <= self.next:
            if kept[self.k][0] == self.next:
                self.next += 1
            self.spool.write(kept[self.k][1])
            self.k += 1
        if self.next > MAX_ROW:
            raise TemplateError(_too_large())
        self.next += 1
        return self.next - 1

    def write(self, row: Row) -> None:
        number = self._number()
        p, styles = self.sheet.prefix, self.sheet.styles
        filled = dict(self.columns)
        parts = [f'<{p}row r="{number}">']
        for index in sorted(filled.keys() | styles.keys()):
            ref = f"{column_letters(index)}{number}"
            style = f' s="{styles[index]}"' if index in styles else ""
            cell = value(filled[index], row, self.profile) if index in filled else None
            if isinstance(cell, bool):
                cell = int(cell)
            if isinstance(cell, int | float):
                parts.append(f'<{p}c r="{ref}"{style}><{p}v>{cell!r}</{p}v></{p}c>')
                continue
            text = cell_text(str(cell)) if cell is not None else ""
            if text:
                parts.append(
                    f'<{p}c r="{ref}"{style} t="inlineStr"><{p}is><{p}t xml:space="preserve">'
                    f"{_escape(text)}</{p}t></{p}is></{p}c>"
                )
            elif style:  # the template's formatting, for the columns the officer fills
                parts.append(f'<{p}c r="{ref}"{style}/>')
        parts.append(f"</{p}row>")
        self.spool.write("".join(parts).encode("utf-8"))
        self.rows += 1
        self.last = number

    def _head(self) -> bytes:
        """The head with ``<dimension>`` grown to take our rows and columns."""

        def grown(match) -> bytes:
            area = _AREA.match(match.group(2).decode().replace("$", "").split(":", 1)[-1])
            last_column = column_index(area.group(3) or area.group(1)) if area else 1
            last_row = int(area.group(4) or area.group(2)) if area else 1
            first = match.group(2).decode().split(":", 1)[0] or "A1"
            last_row = max(last_row, self.last, self.sheet.last_row)
            ref = f"{first}:{column_letters(max(last_column, self.widest))}{last_row}"
            return match.group(1) + ref.encode() + match.group(3)

        return _DIMENSION.sub(grown, self.sheet.head, count=1)

    def save(self, target, entry: Callable[[str], zipfile.ZipInfo]) -> None:
        """Write the filled workbook to the binary file ``target``, its entries made by
        ``entry(name)`` (dated as the pack's); every entry but the data sheet as it was."""
        part = self.template.layout.part
        with (
            zipfile.ZipFile(io.BytesIO(self.template.data)) as source,
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
        ):
            for item in source.infolist():
                info = entry(item.filename)
                if item.filename != part:
                    info.compress_type = item.compress_type
                    out.writestr(info, source.read(item))
                    continue
                with out.open(info, "w", force_zip64=True) as sheet:
                    sheet.write(self._head())
                    self.spool.seek(0)
                    while chunk := self.spool.read(1 << 20):
                        sheet.write(chunk)
                    for _number, row in self.sheet.kept[self.k :]:
                        sheet.write(row)
                    sheet.write(self.sheet.tail)
        self.close()

    def close(self) -> None:
        self.spool.close()
