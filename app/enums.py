"""Enums that carry the words users read, the way Django's ``TextChoices`` does.

A member is written ``OPEN = "open", _l("Open")``: the value is what the database and the
forms hold, ``member.label`` what pages show (a lazy string, translated when shown). An enum
that needs another wording somewhere (the public trace page's plainer event names, a step's
hint) adds its own attribute in ``__init__``, so that the difference stays visible.
"""

import enum
from typing import Any, Self


class LabelledEnum(enum.StrEnum):
    """A ``StrEnum`` whose members carry a label; a member written without one shows its
    value."""

    label: Any  # str or a lazy string

    def __new__(cls, value: str, *_labels: Any) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        return member

    def __init__(self, value: str, label: Any = None) -> None:
        self.label = value if label is None else label

    @classmethod
    def of(cls, value: object) -> Self | None:
        """The member with this value, or None (for anything else, None and "" included)."""
        try:
            member = cls._value2member_map_.get(value)
        except TypeError:  # unhashable
            return None
        return member if isinstance(member, cls) else None

    @classmethod
    def label_of(cls, value: object) -> str:
        """The label of the member with this value; an unknown value as it is."""
        member = cls.of(value)
        return str(member.label) if member is not None else str(value)

    @classmethod
    def choices(cls) -> list[tuple[str, Any]]:
        """``(value, label)`` pairs in the enum's order, for a select field."""
        return [(member.value, member.label) for member in cls]
