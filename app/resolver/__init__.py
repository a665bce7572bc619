"""The GS1 Digital Link resolver (/01/<gtin>[/10/<lot>][/21/<serial>]) and EPCIS documents."""

from flask import Blueprint

bp = Blueprint("resolver", __name__)

from . import description, views  # noqa: E402,F401
