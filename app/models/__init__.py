"""The domain's tables, one module per aggregate."""

from .cooperative import Cooperative, CooperativeKind, CooperativeStatus
from .user import OfficerArea, Role, User

__all__ = [
    "Cooperative",
    "CooperativeKind",
    "CooperativeStatus",
    "OfficerArea",
    "Role",
    "User",
]
