"""Bulk import of cooperatives and products from .xlsx/.csv: upload a sheet, preview every
problem, confirm to save; the same checks and transaction from ``flask import``.

Web and CLI: views, forms, cli, services and product_services (the database side), kinds (what
can be imported), image_links (product photos named in a sheet).

Pure modules, no app or request needed, so the CLI, the web flow, the bench and unit tests all
run the same code: ``reader`` (with xlsx_stream, sheet_rows, sheet_cells and limits) turns
.xlsx/.csv bytes into a :class:`~app.imports.reader.Table`; ``columns`` describes a sheet's
columns and checks rows against them; ``places`` resolves provinces and communes;
``cooperatives`` and ``products`` (with product_columns, product_cells, product_rows) hold each
kind's rules; ``template`` writes the downloadable templates; ``problems`` what is wrong.
"""

from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/import", cli_group="import")

from . import cli, views  # noqa: E402,F401
