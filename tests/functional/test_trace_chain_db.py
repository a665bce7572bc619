"""Append-only in practice: the ORM refuses to change an event, and a change made behind its
back (raw SQL) is found by ``verify``, the CLI and the staff page. Runs on SQLite and, with
TEST_DATABASE_URL, on PostgreSQL."""

from datetime import date

import pytest
from sqlalchemy import text

from app.extensions import db
from app.trace.event_history import verify_batch
from app.trace.events import AppendOnlyError
from tests.support.events import at, events_of, make_batch, record


@pytest.fixture
def history(db, coop_tq, member):
    batch = make_batch(coop_tq)
    record(batch, member, kind="planting", when=at(date(2026, 3, 2)), notes="Gieo hạt.")
    record(
        batch,
        member,
        kind="input",
        when=at(date(2026, 6, 20)),
        details={"product": "Regent 800WG", "dose": "20 ml/bình 16 lít", "phi_days": 14},
    )
    record(
        batch,
        member,
        kind="harvest",
        when=at(date(2026, 7, 20)),
        details={"quantity": "1200", "unit": "kg"},
    )
    record(batch, member, kind="packing", when=at(date(2026, 7, 25)))
    return batch


def test_the_orm_refuses_to_update_or_delete_an_event(history):
    event = events_of(history)[1]
    event.notes = "sửa lén"
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
    event = events_of(history)[1]
    db.session.delete(event)
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
    assert [e.notes for e in events_of(history)][1] == ""
    assert verify_batch(history).ok


def _tamper(sql, **params):
    db.session.execute(text(sql), params)
    db.session.commit()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE trace_events SET notes = 'Không phun thuốc' WHERE batch_id = :b AND seq = 2",
        "UPDATE trace_events SET public = NOT public WHERE batch_id = :b AND seq = 2",
        'UPDATE trace_events SET details = \'{"product": "Regent 800WG", "phi_days": 1}\' '
        "WHERE batch_id = :b AND seq = 2",
        "UPDATE trace_events SET occurred_at = occurred_at + INTERVAL '1 day' "
        "WHERE batch_id = :b AND seq = 2",
        "UPDATE trace_events SET content_hash = REPLACE(content_hash, SUBSTR(content_hash, 1, 1), "
        "'x') WHERE batch_id = :b AND seq = 2",
    ],
    ids=["notes", "public", "details", "time", "hash"],
)
def test_a_raw_sql_edit_is_found_at_that_event(history, runner, as_member, sql):
    if "INTERVAL" in sql and db.engine.dialect.name == "sqlite":
        sql = (
            "UPDATE trace_events SET occurred_at = datetime(occurred_at, '+1 day') "
            "WHERE batch_id = :b AND seq = 2"
        )
    _tamper(sql, b=history.id)
    report = verify_batch(history)
    assert not report.ok
    assert report.first_bad_seq == 2 and report.checked == 1
    result = runner.invoke(args=["trace", "verify", "--batch", history.public_code])
    assert result.exit_code == 1
    assert f"BROKEN  {history.public_code}" in result.output and "#2" in result.output
    page = as_member.get(f"/trace/batches/{history.id}").get_data(as_text=True)
    assert 'class="chain-broken"' in page and "#2" in page
    assert 'class="chain-ok"' not in page


def test_deleting_an_event_with_raw_sql_breaks_the_numbering(history, runner):
    _tamper("DELETE FROM trace_events WHERE batch_id = :b AND seq = 3", b=history.id)
    report = verify_batch(history)
    assert (report.ok, report.first_bad_seq, report.problem) == (False, 3, "sequence")


def test_a_rehashed_edit_still_breaks_the_next_link(history):
    """Recomputing the edited event's own hash is not enough: the next event points at the
    old one."""
    from dataclasses import replace

    from app.trace import chain
    from app.trace.event_history import chain_events

    second = chain_events(history.id)[1]
    forged = chain.seal(replace(second, notes="Không phun thuốc"), second.prev_hash)
    _tamper(
        "UPDATE trace_events SET notes = :n, content_hash = :h WHERE batch_id = :b AND seq = 2",
        n="Không phun thuốc",
        h=forged.content_hash,
        b=history.id,
    )
    report = verify_batch(history)
    assert (report.first_bad_seq, report.problem) == (3, "link")


def test_the_cli_says_ok_for_intact_batches(history, runner):
    other = make_batch(history.cooperative)
    result = runner.invoke(args=["trace", "verify"])
    assert result.exit_code == 0, result.output
    assert f"OK      {history.public_code}  {history.code}  4 events" in result.output
    assert f"OK      {other.public_code}" in result.output
    missing = runner.invoke(args=["trace", "verify", "--batch", "NOSUCHCODE"])
    assert missing.exit_code == 2
