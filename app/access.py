"""Who may use which view, and who may act on which cooperative.

Deny by default: every view must be marked with :func:`public` or :func:`roles_required`;
``enforce_access`` (run before every request) refuses a view that declares neither.
"""

from collections.abc import Callable

from flask import abort, current_app, request
from flask_login import current_user
from sqlalchemy import or_, select

from .extensions import db, login_manager
from .models import Batch, Cooperative, Job, LabelRun, OfficerArea, Plot, Product, Role, User
from .paging import Row, get_or_404

ALWAYS_PUBLIC = {"static"}
# The marks @public and @roles_required leave on a view function, read by view_access.
_PUBLIC, _ROLES = "access_public", "access_roles"


def public(view: Callable) -> Callable:
    """Mark a view as open to anyone, signed in or not."""
    setattr(view, _PUBLIC, True)
    setattr(view, _ROLES, None)
    return view


def roles_required(*roles: Role) -> Callable:
    """Mark a view as open to signed-in users with one of ``roles``."""

    def mark(view: Callable) -> Callable:
        setattr(view, _PUBLIC, False)
        setattr(view, _ROLES, frozenset(roles))
        return view

    return mark


STAFF = (Role.ADMIN, Role.OFFICER, Role.MEMBER)


def view_access(endpoint: str | None) -> tuple[bool, frozenset | None] | None:
    """(public, roles) declared by an endpoint's view, or None when it declares nothing."""
    if endpoint is None:
        return None
    if endpoint in ALWAYS_PUBLIC:
        return True, None
    view = current_app.view_functions.get(endpoint)
    if view is None or not hasattr(view, _PUBLIC):
        return None
    return getattr(view, _PUBLIC), getattr(view, _ROLES)


def enforce_access():
    """``before_request`` hook: apply the endpoint's declaration, refuse undeclared views."""
    if request.endpoint is None:
        return None  # routing failed; the 404/405 handler answers
    declared = view_access(request.endpoint)
    if declared is None:
        current_app.logger.error("view %s declares no access rule", request.endpoint)
        abort(403)
    is_public, roles = declared
    if is_public:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role not in roles:
        abort(403)
    return None


def can_act_on_cooperative(user: User, cooperative: Cooperative) -> bool:
    """The one rule: admins everywhere, officers in their area, members in their own."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.MEMBER:
        return user.cooperative_id == cooperative.id
    if user.role == Role.OFFICER:
        return any(
            area.province_code == cooperative.province_code
            and area.commune_code in (None, cooperative.commune_code)
            for area in user.areas
        )
    return False


def covers_area(user: User, province_code: int | None, commune_code: int | None) -> bool:
    """May ``user`` place a cooperative at this province and commune?"""
    probe = Cooperative(id=-1, province_code=province_code, commune_code=commune_code)
    return user.role != Role.MEMBER and can_act_on_cooperative(user, probe)


def visible_cooperatives(user: User):
    """A select() of the cooperatives ``user`` may act on (the list-view twin of the rule)."""
    stmt = select(Cooperative)
    if user.role == Role.ADMIN:
        return stmt
    if user.role == Role.MEMBER:
        return stmt.where(Cooperative.id == user.cooperative_id)
    return stmt.where(in_officer_area(user, Cooperative.province_code, Cooperative.commune_code))


def in_officer_area(user: User, province_code, commune_code):
    """SQL: the place given by the ``province_code`` and ``commune_code`` columns is in one of
    the officer's areas (a whole province, or one commune of it)."""
    return (
        select(OfficerArea.id)
        .where(OfficerArea.user_id == user.id)
        .where(OfficerArea.province_code == province_code)
        .where(or_(OfficerArea.commune_code.is_(None), OfficerArea.commune_code == commune_code))
        .exists()
    )


def _row_or_403(model: type[Row], row_id: int, cooperative_of: Callable[[Row], Cooperative]) -> Row:
    """Load row ``row_id`` of ``model`` if the current user may act on its cooperative; 404 if
    absent, 403 if not theirs."""
    row = get_or_404(model, row_id)
    if not can_act_on_cooperative(current_user, cooperative_of(row)):
        abort(403)
    return row


def cooperative_or_403(cooperative_id: int) -> Cooperative:
    """Load a cooperative the current user may act on; 404 if absent, 403 if not theirs."""
    return _row_or_403(Cooperative, cooperative_id, lambda cooperative: cooperative)


def product_or_403(product_id: int) -> Product:
    """Load a product whose cooperative the current user may act on; 404 if absent, else 403."""
    return _row_or_403(Product, product_id, lambda product: product.cooperative)


def plot_or_403(plot_id: int) -> Plot:
    """Load a plot the current user may act on; 404 if absent, 403 if not theirs."""
    return _row_or_403(Plot, plot_id, lambda plot: plot.cooperative)


def batch_or_403(batch_id: int) -> Batch:
    """Load a batch the current user may act on; 404 if absent, 403 if not theirs."""
    return _row_or_403(Batch, batch_id, lambda batch: batch.cooperative)


def run_or_403(run_id: int) -> LabelRun:
    """Load a label run whose batch the current user may act on; 404 if absent, else 403."""
    return _row_or_403(LabelRun, run_id, lambda run: run.batch.cooperative)


def job_or_403(job_id: int) -> Job:
    """Load a background job (app/background) the current user may see: the rule of the
    work's own pages, on every cooperative it concerns (its cooperative, and the
    ``cooperative_ids`` of its arguments: an export pack may span several); a job that
    concerns none is its asker's and the administrators'. 404 if absent, else 403."""
    job = get_or_404(Job, job_id)
    ids = {job.cooperative_id, *job.arguments.get("cooperative_ids", [])} - {None}
    if ids:
        cooperatives = db.session.scalars(select(Cooperative).where(Cooperative.id.in_(ids)))
        allowed = all(can_act_on_cooperative(current_user, c) for c in cooperatives)
    else:
        allowed = current_user.role == Role.ADMIN or job.user_id == current_user.id
    if not allowed:
        abort(403)
    return job
