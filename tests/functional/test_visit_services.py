"""The visit services the totals page and the dashboard use: scope, grouped totals, demo data."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.numbers import whole_number_or_none
from app.text import clean
from app.visits.services import (
    CommuneTotals,
    OfficerTotals,
    ProvinceTotals,
    Totals,
    overall_totals,
    totals_by_commune,
    totals_by_officer,
    totals_by_province,
    visible_visits,
)
from tests.support import factories
from tests.support.clients import sign_in
from tests.support.visits import VALID, make_visit, post_new, visits

START, END = date(2026, 1, 1), date(2026, 6, 30)


def _dataset(db):
    """Two officers in Tuyên Quang, one in Lâm Đồng; visits in and around the range."""
    lan = factories.OfficerFactory(areas__province_code=8, name="Hoàng Thị Lan")
    an = factories.OfficerFactory(areas__province_code=8, name="Nguyễn Văn An")
    bao = factories.OfficerFactory(areas__province_code=68, name="Trần Quốc Bảo")
    a = factories.CooperativeFactory(province_code=8, commune_code=2266)
    b = factories.CooperativeFactory(province_code=8, commune_code=2215)
    c = factories.CooperativeFactory(province_code=68, commune_code=25000)
    make_visit(lan, [a], visited_on=START, people_guided=12)
    make_visit(lan, [a, b], kind="training", visited_on=date(2026, 3, 3), people_guided=34)
    make_visit(lan, [], commune_code=2215, visited_on=END, people_guided=5)
    make_visit(an, [b], commune_code=2215, visited_on=date(2026, 2, 2), people_guided=9)
    make_visit(lan, [a], visited_on=START - timedelta(days=1), people_guided=999)  # before
    make_visit(an, [b], visited_on=END + timedelta(days=1), people_guided=999)  # after
    make_visit(
        bao,
        [c],
        kind="training",
        province_code=68,
        commune_code=25000,
        visited_on=date(2026, 4, 9),
        people_guided=40,
    )
    return lan, an, bao


def test_totals_for_an_admin_are_exact(db, admin):
    lan, an, bao = _dataset(db)
    everything = visible_visits(admin)
    assert totals_by_officer(everything, START, END) == [
        OfficerTotals(lan.id, "Hoàng Thị Lan", 2, 1, 51, 2),
        OfficerTotals(an.id, "Nguyễn Văn An", 1, 0, 9, 1),
        OfficerTotals(bao.id, "Trần Quốc Bảo", 0, 1, 40, 1),
    ]
    assert totals_by_commune(everything, START, END) == [
        CommuneTotals(68, 25000, 0, 1, 40),  # Lâm Đồng sorts before Tuyên Quang
        CommuneTotals(8, 2266, 1, 1, 46),
        CommuneTotals(8, 2215, 2, 0, 14),
    ]
    by_province = totals_by_province(everything, START, END)
    assert by_province == [ProvinceTotals(68, 40, 1), ProvinceTotals(8, 60, 2)]
    assert [p.per_officer for p in by_province] == [40.0, 30.0]
    assert overall_totals(everything, START, END) == Totals(3, 2, 100, 3, 3)


def test_an_officer_counts_only_their_area(db):
    lan, an, bao = _dataset(db)
    mine = visible_visits(lan)
    assert [t.officer_id for t in totals_by_officer(mine, START, END)] == [lan.id, an.id]
    assert overall_totals(mine, START, END) == Totals(3, 1, 60, 2, 2)
    assert totals_by_province(visible_visits(bao), START, END) == [ProvinceTotals(68, 40, 1)]


def test_an_officer_of_one_commune_sees_that_commune_and_their_own_visits(db):
    lan, an, _bao = _dataset(db)
    one = factories.OfficerFactory(areas__province_code=8, areas__commune_code=2215)
    own_elsewhere = make_visit(one, province_code=8, commune_code=2266, visited_on=START)
    seen = {v.id for v in db.session.execute(visible_visits(one)).scalars()}
    expected = {v.id for v in visits(db) if v.commune_code == 2215} | {own_elsewhere.id}
    assert seen == expected


def test_members_see_no_visit(db, member):
    _dataset(db)
    assert db.session.execute(visible_visits(member)).first() is None
    assert overall_totals(visible_visits(member), START, END) == Totals()
    assert totals_by_officer(visible_visits(member), START, END) == []


def test_a_filtered_select_narrows_the_totals(db, admin):
    from app.models import SupportVisit

    _dataset(db)
    trainings = visible_visits(admin).where(SupportVisit.kind == "training")
    assert overall_totals(trainings, START, END) == Totals(0, 2, 74, 3, 2)


def test_seed_demo_adds_the_demo_visits_once(db, demo, runner):
    assert "visit lan.khuyennong@tuyenquang.example.vn" in "\n".join(demo)
    logged = visits(db)
    assert len(logged) >= 4
    assert {v.officer.email for v in logged} == {
        "lan.khuyennong@tuyenquang.example.vn",
        "bao.khuyennong@lamdong.example.vn",
    }
    assert all(12 <= v.people_guided <= 40 and v.cooperatives for v in logged)
    assert all(v.visited_on.year == 2026 for v in logged)
    second = runner.invoke(args=["seed-demo"])
    assert "visit " not in second.output
    assert len(visits(db)) == len(logged)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    topic=st.text(max_size=220),
    people=st.one_of(st.integers(-50, 20_000).map(str), st.text(max_size=12)),
)
def test_any_topic_and_people_guided_are_saved_exactly_or_explained(
    client, officer, db, topic, people
):
    sign_in(client, officer)
    before = len(visits(db))
    response = post_new(client, dict(VALID, topic=topic, people_guided=people))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        saved = visits(db)[-1]
        count = saved.people_guided
        assert count == whole_number_or_none(people) and 0 <= count <= 10_000
        assert saved.topic == clean(topic) and 0 < len(saved.topic) <= 200
    else:
        html = response.get_data(as_text=True)
        assert 'id="topic-error"' in html or 'id="people_guided-error"' in html
        assert len(visits(db)) == before
