"""Today in Vietnam: the zone every local calendar day and time is counted in.

Pure, no Flask. The server's own clock zone never matters: dates shown to users, certificate
validity, per-day scan counts and event days are all Vietnamese days.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_TIMEZONE = "Asia/Ho_Chi_Minh"
LOCAL = ZoneInfo(LOCAL_TIMEZONE)


def local_today() -> date:
    """Today in Vietnam, whatever the server's clock zone."""
    return datetime.now(LOCAL).date()


def local_day(value: datetime) -> date:
    """The Vietnamese calendar day of a stored time (naive values are UTC)."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL).date()
