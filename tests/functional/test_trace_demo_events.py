"""The demo trace events: believable, chained, once."""

from sqlalchemy import func, select

from app.models import TraceEvent
from app.trace.demo import demo_batch
from app.trace.event_history import current_events, phi_warnings, verify_batches


def test_demo_events_are_seeded_once_intact_and_respect_pre_harvest_intervals(db, demo, runner):
    count = db.session.execute(select(func.count()).select_from(TraceEvent)).scalar_one()
    assert count >= 20
    second = runner.invoke(args=["seed-demo"])
    assert "event " not in second.output
    assert db.session.execute(select(func.count()).select_from(TraceEvent)).scalar_one() == count

    assert all(report.ok for _batch, report in verify_batches())
    peanuts = demo_batch("TQPNT2607A")
    kinds = [e.kind for e in peanuts.events]
    for kind in ("planting", "input", "harvest", "processing", "packing", "inspection", "shipping"):
        assert kind in kinds
    assert any(e.supersedes_id for e in peanuts.events)  # one correction
    assert any(not e.public for e in peanuts.events)  # one internal event
    [harvest] = [e for e in current_events(peanuts) if e.kind == "harvest"]
    assert harvest.details == {"quantity": "850", "unit": "kg"}
    for code in ("TQPNT2607A", "TQPNT2607B", "TQDPN2608A"):
        assert phi_warnings(demo_batch(code)) == []
    oil = [e.kind for e in demo_batch("TQDPN2608A").events]
    assert "processing" in oil and "packing" in oil
    result = runner.invoke(args=["trace", "verify"])
    assert result.exit_code == 0 and "BROKEN" not in result.output
