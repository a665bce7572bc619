"""Public pages and small public JSON."""

from flask import jsonify, render_template
from sqlalchemy import text

from .. import areas
from ..access import public
from ..extensions import db
from . import bp


@bp.route("/")
@public
def index():
    return render_template("public/index.html")


@bp.route("/healthz")
@public
def healthz():
    """Liveness: the process answers and the database takes a query."""
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")


@bp.route("/areas/provinces/<int:code>/communes.json")
@public
def communes_json(code: int):
    """The communes of a province, for the commune picker's progressive enhancement."""
    items = [{"code": a.code, "name": a.name} for a in areas.communes(code)]
    response = jsonify(items)
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response
