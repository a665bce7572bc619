"""What goes wrong in an import, said in words the user can act on.

Messages are lazy translations: they read in English without an app (unit tests), in the
user's language in a request, and in the default language (Vietnamese) in the CLI.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A problem with one row (``row`` as the spreadsheet numbers it) and column (its header)."""

    row: int
    column: str | None
    message: object  # a flask_babel LazyString; str() it in the language wanted

    def __str__(self) -> str:
        where = f"{self.row}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (too big, not a table, wrong headers, formulas)."""

    def __init__(self, *messages):
        super().__init__("; ".join(str(m) for m in messages))
        self.messages = list(messages)
