"""Bulk import from spreadsheets: read, map headers, check rows, write templates.

Pure modules, no app or request needed, so the CLI, the web flow, the bench and unit tests all
run the same code. ``reader`` turns .xlsx/.csv bytes into a :class:`Table`; ``columns``
describes a sheet's columns and checks rows against them; ``places`` resolves provinces and
communes; ``cooperatives`` holds the cooperative rules; ``template`` writes the downloadable
template. The product import reuses everything but ``cooperatives``.
"""

from .columns import Column, Preview, RowResult
from .problems import ImportFileError, Problem
from .reader import Table, read_table

__all__ = [
    "Column",
    "ImportFileError",
    "Preview",
    "Problem",
    "RowResult",
    "Table",
    "read_table",
]
