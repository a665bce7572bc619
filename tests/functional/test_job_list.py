"""The list of jobs at /jobs/ (app/background/listing.py): a member sees their cooperative's
jobs and never another's, an officer those of their area, an administrator all; each row
says what the job is about, its kind in the reader's language, its status and progress, and
links to its page; a filter by status and pages."""

import re
from datetime import timedelta

import pytest

from app.extensions import db as _db
from app.models import Job, JobStatus
from app.models.base import utcnow
from tests.support import factories
from tests.support.clients import PASSWORD
from tests.support.labels import make_run


def _job(coop, user=None, status=JobStatus.DONE, kind="labels.reprint", **values) -> Job:
    job = Job(
        kind=kind,
        function="tests.support.job_kinds:write_text",
        arguments=values.pop("arguments", {}),
        cooperative_id=coop.id if coop is not None else None,
        user_id=user.id if user is not None else None,
        status=status,
        heartbeat_at=utcnow(),
        **values,
    )
    _db.session.add(job)
    _db.session.commit()
    return job


def _listed(client, query: str = "") -> list[int]:
    page = client.get(f"/jobs/{query}")
    assert page.status_code == 200
    return [int(n) for n in re.findall(r'data-job="(\d+)"', page.get_data(as_text=True))]


@pytest.fixture
def jobs(db, member, coop_tq, coop_ld, officer):
    """A job of each cooperative, one of several cooperatives asked by the officer."""
    other = factories.UserFactory(role="member", cooperative=coop_ld, password=PASSWORD)
    return {
        "tq": _job(coop_tq, member),
        "ld": _job(coop_ld, other, status=JobStatus.FAILED),
        "several": _job(None, officer, arguments={"cooperative_ids": [coop_tq.id, coop_ld.id]}),
    }


def test_a_member_sees_their_cooperatives_jobs_and_never_anothers(as_member, jobs):
    assert _listed(as_member) == [jobs["tq"].id]
    assert _listed(as_member, "?status=failed") == []  # the failed one is Lâm Đồng's
    assert as_member.get(f"/jobs/{jobs['ld'].id}").status_code == 403


def test_an_officer_sees_their_areas_jobs_and_their_own(as_officer, jobs):
    assert sorted(_listed(as_officer)) == sorted([jobs["tq"].id, jobs["several"].id])


def test_an_administrator_sees_every_job(as_admin, jobs):
    assert sorted(_listed(as_admin)) == sorted(job.id for job in jobs.values())
    assert _listed(as_admin, "?status=failed") == [jobs["ld"].id]
    assert _listed(as_admin, "?status=nonsense") == _listed(as_admin)  # an unknown filter: all


def test_each_row_says_what_the_job_is_about_and_links_to_it(as_member, member, coop_tq, db):
    from tests.support.batches import make_batch
    from tests.support.products import make_product

    batch = make_batch(make_product(coop_tq, name="Lạc đỏ"), "LB-LAC-2026-09")
    run = make_run(batch, count=5000)
    arguments = {"run_id": run.id, "start": 1, "stop": 5000}
    started = utcnow() - timedelta(minutes=2)
    done = _job(coop_tq, member, arguments=arguments, done=5000, total=5000,
                started_at=started, finished_at=utcnow())  # fmt: skip
    pack = {"marketplace": "shopee", "cooperative_ids": [coop_tq.id]}
    running = _job(coop_tq, member, status=JobStatus.RUNNING, kind="exports.pack", done=3,
                   total=8, arguments=pack)  # fmt: skip
    page = as_member.get("/jobs/").get_data(as_text=True)
    assert f'href="/jobs/{done.id}">In lại 5.000 tem – Lô LB-LAC-2026-09</a>' in page
    assert "In lại tem" in page  # the kind, translated
    assert f'href="/jobs/{running.id}">Gói xuất lên Shopee – ' in page and "3 / 8" in page
    assert 'data-status="running"' in page and 'data-status="done"' in page
    assert member.name in page
    english = as_member.get("/jobs/?lang=en").get_data(as_text=True)
    assert "Reprint of 5,000 labels – batch LB-LAC-2026-09" in english
    assert 'href="/jobs/"' in as_member.get("/dashboard/").get_data(as_text=True)  # the menu


def test_the_list_comes_in_pages_newest_first(as_admin, coop_tq, db):
    made = [_job(coop_tq).id for _ in range(30)]
    first, second = _listed(as_admin), _listed(as_admin, "?page=2")
    assert first == made[::-1][:25] and second == made[::-1][25:]
    assert _listed(as_admin, "?page=99") == []


def test_running_means_waiting_or_running(as_admin, coop_tq, db):
    queued = _job(coop_tq, status=JobStatus.QUEUED)
    running = _job(coop_tq, status=JobStatus.RUNNING)
    _job(coop_tq, status=JobStatus.DONE)
    assert sorted(_listed(as_admin, "?status=running")) == sorted([queued.id, running.id])
