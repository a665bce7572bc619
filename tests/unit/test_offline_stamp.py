"""The offline app's client stamp: any text a phone (or anyone) sends as a client id and a
save time is read without error, as a canonical UUID or refused (issue 18)."""

import uuid
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from app.offline.services import client_stamp


@given(st.uuids(), st.sampled_from([str.upper, str.lower, lambda t: "{" + t + "}", str.strip]))
def test_any_spelling_of_a_uuid_is_the_same_client_id(value, spell):
    stamp = client_stamp(f" {spell(str(value))} ", None)
    assert stamp is not None and stamp.client_id == str(value)
    assert stamp.saved_at is None


@given(st.text(max_size=60), st.text(max_size=60))
def test_any_text_is_read_without_error(client_id, saved_at):
    stamp = client_stamp(client_id, saved_at)
    if stamp is not None:
        assert str(uuid.UUID(stamp.client_id)) == stamp.client_id
        assert stamp.saved_at is None or stamp.saved_at.tzinfo is not None


@given(
    st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC)),
    st.integers(min_value=-12, max_value=14),
)
def test_the_phones_clock_is_read_in_any_zone(moment, hours):
    zone = timezone(timedelta(hours=hours))
    stamp = client_stamp(str(uuid.uuid4()), moment.astimezone(zone).isoformat())
    assert stamp is not None and stamp.saved_at == moment


def test_a_javascript_iso_time_and_a_missing_client_id():
    stamp = client_stamp(str(uuid.uuid4()), "2026-12-01T02:30:00.000Z")
    assert stamp is not None and stamp.saved_at == datetime(2026, 12, 1, 2, 30, tzinfo=UTC)
    assert client_stamp(None, "2026-12-01") is None
    assert client_stamp("", None) is None
