"""Dashboard views."""

from flask import render_template
from flask_login import current_user

from ..access import STAFF, roles_required
from ..models import Role
from . import bp
from .services import overview


@bp.route("/")
@roles_required(*STAFF)
def index():
    return render_template(
        "dashboard/index.html",
        can_register=current_user.role != Role.MEMBER,
        **overview(current_user),
    )
