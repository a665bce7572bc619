"""Navigation entries by role (data for the base template; no logic in templates)."""

from flask_babel import LazyString, pgettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..models import Role

# "To do" is also a step's state ("Chưa làm"): the home's name has its own context.
TO_DO = LazyString(lambda: pgettext("home", "To do"))

_ENTRIES = (
    ("dashboard.index", _l("Overview"), {Role.ADMIN, Role.OFFICER}),
    ("dashboard.index", TO_DO, {Role.MEMBER}),  # a member's home is their to-dos
    ("cooperatives.index", _l("Cooperatives"), {Role.ADMIN, Role.OFFICER}),
    ("products.index", _l("Products"), {Role.ADMIN, Role.OFFICER, Role.MEMBER}),
    ("trace.batches", _l("Batches"), {Role.ADMIN, Role.OFFICER, Role.MEMBER}),
    ("offline.shell", _l("In the field"), {Role.MEMBER}),
    ("labels.index", _l("Labels"), {Role.ADMIN, Role.OFFICER, Role.MEMBER}),
    ("exports.index", _l("Marketplaces"), {Role.ADMIN, Role.OFFICER, Role.MEMBER}),
    ("scans.index", _l("Scans"), {Role.ADMIN, Role.OFFICER, Role.MEMBER}),
    ("visits.index", _l("Visits"), {Role.ADMIN, Role.OFFICER}),
    ("auth.invitations", _l("Invitations"), {Role.ADMIN, Role.OFFICER}),
    ("background.index", _l("Jobs"), {Role.ADMIN, Role.OFFICER, Role.MEMBER}),
    ("admin.users", _l("Users"), {Role.ADMIN}),
    ("activity.index", _l("Activity"), {Role.ADMIN}),
)


def navigation() -> list[tuple[str, str]]:
    """(endpoint, label) pairs the current user may open."""
    if not current_user.is_authenticated:
        return []
    return [(endpoint, label) for endpoint, label, roles in _ENTRIES if current_user.role in roles]
