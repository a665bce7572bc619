"""Least privilege: who may give which rights to whom.

Rights rank: administrator > officer > cooperative manager (a member with ``is_manager``) >
member. Nobody creates, invites or edits an account into more rights than their own;
officers create members of cooperatives in their area; a cooperative's managers create
members of their own cooperative; the last active administrator stays one. Every check runs
on the server, whatever a form offered or was made to send.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..access import can_act_on_cooperative
from ..extensions import db
from ..models import Cooperative, Role, User
from ..services import ServiceError

_RANK = {Role.ADMIN: 3, Role.OFFICER: 2, Role.MEMBER: 0}
MORE_THAN_YOURS = _l("You cannot give an account more rights than your own.")


def rank(role: Role | str, is_manager: bool = False) -> int:
    """How many rights an account with ``role`` (and the manager right) holds."""
    member = Role.of(role)
    if member is None:
        return 99  # an unknown role is never given
    return _RANK[member] + (1 if member == Role.MEMBER and is_manager else 0)


def rank_of(user: User) -> int:
    return rank(user.role, user.is_manager)


def can_invite(actor: User, cooperative: Cooperative) -> bool:
    """May ``actor`` invite people into ``cooperative`` (the button's rule)?"""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.role == Role.MEMBER and not actor.is_manager:
        return False
    return can_act_on_cooperative(actor, cooperative)


def check_grant(
    actor: User | None, role: Role | str, is_manager: bool, cooperative: Cooperative | None
) -> None:
    """Raise ServiceError unless ``actor`` may make an account with these rights (None: the
    command line and the demo, which may do anything)."""
    if actor is None:
        return
    if not actor.is_active:
        raise ServiceError({"role": MORE_THAN_YOURS})
    if rank(role, is_manager) > rank_of(actor):
        raise ServiceError({"role": MORE_THAN_YOURS})
    if actor.role == Role.ADMIN:
        return
    if Role.of(role) != Role.MEMBER:
        raise ServiceError({"role": _l("You can only create members of a cooperative.")})
    if actor.role == Role.MEMBER and not actor.is_manager:
        raise ServiceError({"role": _l("Only a cooperative's managers invite co-workers.")})
    if cooperative is not None and not can_act_on_cooperative(actor, cooperative):
        raise ServiceError({"cooperative": _l("This cooperative is not in your area.")})


def can_manage(actor: User, target: User) -> bool:
    """May ``actor`` change ``target``'s rights, deactivate it or sign it out everywhere?"""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.role == Role.ADMIN:
        return True
    if target.id == actor.id or target.role != Role.MEMBER or target.cooperative is None:
        return False
    if actor.role == Role.MEMBER and not actor.is_manager:
        return False
    return rank_of(target) <= rank_of(actor) and can_act_on_cooperative(actor, target.cooperative)


def active_admins() -> int:
    count = select(func.count(User.id)).where(User.role == Role.ADMIN, User.is_active_account)
    return db.session.scalar(count) or 0


def check_last_admin(target: User, role: Role | str, active: bool) -> None:
    """Raise ServiceError when this change would leave no active administrator."""
    was_admin = target.role == Role.ADMIN and target.is_active_account
    stays_admin = Role.of(role) == Role.ADMIN and active
    if was_admin and not stays_admin and active_admins() <= 1:
        raise ServiceError({"role": _l("The last administrator cannot be demoted or deactivated.")})
