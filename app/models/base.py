"""Helpers shared by the models."""

from datetime import UTC, datetime

from sqlalchemy import Enum

from ..enums import LabelledEnum


def utcnow() -> datetime:
    """Timezone-aware now, used as a column default (passed as a callable)."""
    return datetime.now(UTC)


def enum_type(enum: type[LabelledEnum], length: int, name: str) -> Enum:
    """A column of ``enum``: its values stored as VARCHAR(length), as they always were, a
    CHECK constraint ``ck_<table>_<name>`` that lets no other value in, rows loaded as members.
    Any string equal to a value may be assigned (members are strings)."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=True,
        length=length,
        name=name,
        values_callable=lambda members: [member.value for member in members],
    )
