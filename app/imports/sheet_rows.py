"""Expat handlers for .xlsx parts: counted elements, and the rows of a sheet as they end.

No tree is built: a sheet's handler keeps the open row and the open cell only, and hands
each finished row to :meth:`app.imports.xlsx_stream.Workbook.rows`.
"""

import re

from .limits import Budget, ReadLimits, too_many_cells
from .problems import ImportFileError
from .sheet_cells import CellReader, damaged

ELEMENTS_PER_CELL = 4  # <c><is><t>: what a cell may cost in elements, on average
_COORDINATE = re.compile(r"([A-Z]{1,3})\d*$")
_COLUMNS: dict[str, int] = {}  # "AB" → 28, filled as references are met
_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # "strict" Open XML
)
# Expat's names ("namespace}local") of the elements a sheet's rows are made of.
_TAGS = {
    f"{ns}}}{tag}": tag
    for ns in _NAMESPACES
    for tag in ("c", "v", "f", "is", "t", "rPh", "row", "sheetData")
}


def local(name: str) -> str:
    """An element's name without its namespace (expat joins them with "}")."""
    return name[name.rfind("}") + 1 :]


class Handler:
    """Expat callbacks for one part; counts the elements it starts, refusing past a limit."""

    def __init__(self, max_elements: int):
        self.max_elements = max_elements
        self.elements = 0
        self.parser = None  # set by the feeder

    def listen(self, on: bool) -> None:
        """Receive text only while a wanted element is open: blanks elsewhere cost nothing."""
        if self.parser is not None:
            self.parser.CharacterDataHandler = self.text if on else None

    def count(self) -> None:
        self.elements += 1
        if self.elements > self.max_elements:
            raise self.too_many()

    def too_many(self) -> ImportFileError:
        return ImportFileError(damaged())

    def start(self, name: str, attrs: dict) -> None:
        self.count()

    def end(self, name: str) -> None:
        """Most parts only need the starts."""

    def text(self, data: str) -> None:
        """Most parts hold nothing in their text."""


class SheetRows(Handler):
    """The rows of one worksheet, in ``finished`` as (number, texts) once each ends."""

    def __init__(self, cells: CellReader, limits: ReadLimits, budget: Budget):
        super().__init__(limits.max_cells * ELEMENTS_PER_CELL)
        self.cells = cells
        self.budget = budget
        self.columns = limits.max_columns + 1
        self.max_chars = limits.max_cell_chars
        self.finished: list[tuple[int, list[str]]] = []
        self.done = False  # </sheetData> seen: nothing after it matters
        self.number, self.column, self.row = 0, 0, None
        self.cell: dict | None = None  # the attributes of the open <c>
        self.value: str | None = None
        self.inline: bool | None = None
        self.collect: list[str] | None = None  # the text pieces of the open <v> or <t>
        self.formula, self.chars, self.phonetic = False, 0, 0

    def too_many(self):
        return too_many_cells(self.budget.limit)

    def start(self, name, attrs):
        self.elements += 1
        if self.elements > self.max_elements:
            raise self.too_many()
        tag = _TAGS.get(name)
        if self.cell is not None:
            if tag == "v":
                self.collect = []
                self.parser.CharacterDataHandler = self.text
            elif tag == "f":
                self.formula = True
            elif tag == "is":
                self.inline = []
            elif tag == "t":
                self._collect(self.inline if not self.phonetic else None)
            elif tag == "rPh":
                self.phonetic += 1
        elif tag == "c":
            self.budget.spend()
            self.cell, self.value, self.inline = attrs, None, None
            self.formula, self.chars = False, 0
        elif tag == "row":
            self.budget.spend()
            given = attrs.get("r")
            at = int(given) if given else self.number + 1
            if at <= self.number:
                raise ImportFileError(damaged())
            self.number, self.row, self.column = at, {}, 0

    def end(self, name):
        tag = _TAGS.get(name)
        if self.cell is not None:
            if tag == "c":
                self._cell_ends()
            elif tag == "v":
                self.value = "".join(self.collect or ())
                self.collect = self.parser.CharacterDataHandler = None
            elif tag == "t":
                self._collect(None)
            elif tag == "rPh":
                self.phonetic -= 1
        elif tag == "row" and self.row is not None:
            row, self.row = self.row, None
            values = [row.get(i, "") for i in range(1, max(row, default=0) + 1)]
            while values and not values[-1]:
                values.pop()
            self.finished.append((self.number, values))
        elif tag == "sheetData":
            self.done = True

    def _collect(self, into: list | None) -> None:
        self.collect = into
        self.listen(into is not None)

    def text(self, data):
        if self.collect is not None:
            self.collect.append(data)
            self.chars += len(data)
            if self.chars > self.max_chars:
                raise self.cells.too_long(self.cell, self._column_of(), self.number)

    def _column_of(self) -> int:
        ref = (self.cell or {}).get("r")
        if not ref:
            return self.column + 1
        letters = ref.rstrip("0123456789")
        index = _COLUMNS.get(letters)
        if index is None:
            match = _COORDINATE.match(ref)
            if not match:
                return self.column + 1
            index = 0
            for letter in match.group(1):
                index = index * 26 + ord(letter) - 64
            if len(_COLUMNS) < 20_000:
                _COLUMNS[letters] = index
        return index

    def _cell_ends(self) -> None:
        if self.row is not None:
            self.column = self._column_of()
            if self.column <= self.columns:
                inline = "".join(self.inline) if self.inline is not None else None
                self.row[self.column] = self.cells.text(
                    self.cell, self.value, self.formula, inline, self.column, self.number
                )
        self.cell = None
        if self.collect is not None:
            self._collect(None)
        self.phonetic = 0
