"""Helpers shared by the models."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Timezone-aware now, used as a column default (passed as a callable)."""
    return datetime.now(UTC)
