"""The certificate lists other pages use: expiring (dashboard), valid (public page); the demo."""

from datetime import timedelta

from app.access import visible_cooperatives
from app.certificates.rules import problems
from app.certificates.services import certificate_rows, expiring_certificates, valid_certificates
from app.clock import local_today
from app.models import Certificate, Cooperative, CooperativeStatus
from tests.support import factories
from tests.support.certificates import make_cert

TODAY = local_today()


def _in(days):
    return TODAY + timedelta(days=days)


def test_expiring_lists_the_visible_cooperatives_soonest_first(db, officer, coop_tq, coop_ld):
    other_tq = factories.CooperativeFactory(legal_name="Hợp tác xã Chè Na Hang")
    archived = factories.CooperativeFactory(status=CooperativeStatus.ARCHIVED)
    make_cert(coop_tq, number="in-59", expires_on=_in(59))
    make_cert(other_tq, number="in-10", expires_on=_in(10))
    make_cert(coop_tq, number="today", expires_on=TODAY)
    make_cert(coop_tq, number="in-60", expires_on=_in(60))
    make_cert(coop_tq, number="in-61", expires_on=_in(61))
    make_cert(coop_tq, number="gone", expires_on=_in(-1))
    make_cert(coop_tq, kind="other", number="forever", expires_on=None)
    make_cert(coop_tq, number="future", issued_on=_in(5), expires_on=_in(20))
    make_cert(coop_ld, number="elsewhere", expires_on=_in(5))
    make_cert(archived, number="archived", expires_on=_in(5))

    found = expiring_certificates(visible_cooperatives(officer), TODAY)
    assert [c.number for c in found] == ["today", "in-10", "in-59", "in-60"]
    assert found[1].cooperative.legal_name == "Hợp tác xã Chè Na Hang"  # loaded with it

    wider = expiring_certificates(visible_cooperatives(officer), TODAY, days=90)
    assert [c.number for c in wider][-1] == "in-61"


def test_expiring_follows_the_callers_filters(db, admin, coop_tq, coop_ld):
    make_cert(coop_tq, number="tq", expires_on=_in(5))
    make_cert(coop_ld, number="ld", expires_on=_in(6))
    assert [c.number for c in expiring_certificates(visible_cooperatives(admin), TODAY)] == [
        "tq",
        "ld",
    ]
    only_ld = visible_cooperatives(admin).where(Cooperative.province_code == 68)
    assert [c.number for c in expiring_certificates(only_ld, TODAY)] == ["ld"]


def test_valid_certificates_never_include_expired_or_future_ones(db, coop_tq):
    make_cert(coop_tq, number="vietgap", expires_on=_in(100))
    make_cert(coop_tq, kind="ocop", ocop_stars=4, number="ocop4", expires_on=_in(700))
    make_cert(coop_tq, kind="ocop", ocop_stars=3, number="ocop3", expires_on=_in(700))
    make_cert(coop_tq, kind="food_safety_commitment", number="commit", expires_on=None)
    make_cert(coop_tq, number="last-day", expires_on=TODAY)
    make_cert(coop_tq, number="expired", expires_on=_in(-1))
    make_cert(coop_tq, number="future", issued_on=_in(3), expires_on=_in(300))
    found = [c.number for c in valid_certificates(coop_tq, TODAY)]
    assert found[:2] == ["ocop4", "ocop3"]  # OCOP first, most stars first
    assert set(found) == {"ocop4", "ocop3", "vietgap", "last-day", "commit"}
    assert [c.number for c in valid_certificates(coop_tq, _in(1))].count("last-day") == 0


def test_rows_carry_status_and_days_left(db, coop_tq):
    make_cert(coop_tq, number="soon", expires_on=_in(12))
    (row,) = certificate_rows(coop_tq, TODAY)
    assert (row.status, row.days_left) == ("expiring", 12)


def test_seed_demo_adds_believable_certificates_once(db, demo, runner):
    assert "certificate htx-di-linh vietgap" in "\n".join(demo)
    count = db.session.execute(db.select(db.func.count(Certificate.id))).scalar()
    assert count == 6
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0 and "certificate " not in second.output
    assert db.session.execute(db.select(db.func.count(Certificate.id))).scalar() == 6

    certs = db.session.execute(db.select(Certificate)).scalars().all()
    for cert in certs:  # every demo certificate passes the rules the form applies
        assert problems(cert.kind, cert.ocop_stars, cert.issued_on, cert.expires_on, TODAY) == {}
    everyone = db.select(Cooperative)
    expiring = expiring_certificates(everyone, TODAY)
    assert [(c.cooperative.slug, c.kind) for c in expiring] == [("htx-di-linh", "vietgap")]
    by_slug = {c.slug: c for c in db.session.execute(everyone).scalars()}
    di_linh = [c.kind for c in valid_certificates(by_slug["htx-di-linh"], TODAY)]
    assert di_linh == ["vietgap"]  # the expired organic certificate is not shown as valid
    minh_xuan = valid_certificates(by_slug["htx-minh-xuan"], TODAY)
    assert [(c.kind, c.ocop_stars) for c in minh_xuan] == [("ocop", 4), ("food_safety", None)]
    lam_binh = valid_certificates(by_slug["htx-lam-binh"], TODAY)
    assert [(c.kind, c.ocop_stars) for c in lam_binh] == [("ocop", 3), ("vietgap", None)]
