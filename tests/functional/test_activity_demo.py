"""``flask seed-demo`` leaves some history by the demo's people (issue 17)."""

from app.activity.demo import seed_activity
from app.models import Cooperative, User
from tests.support.activity import log
from tests.support.html_pages import parse_html


def test_the_demo_has_history_by_its_people(app, demo, db, client):
    named = [row for row in log() if row.actor_id is not None]
    assert {row.actor_name for row in named} == {"Ma Thị Hoa", "Hoàng Thị Lan"}
    assert {row.subject_type for row in named} == {
        "variant",
        "onboarding_step",
        "batch",
        "marketplace_template",  # Shopee's template and the categories mapped to it
        "category_mapping",
    }
    assert log("cooperative", "created")  # and the seeding's own entries, by System
    before = len(log())
    assert seed_activity() == [] and len(log()) == before  # once only

    officer = db.session.execute(db.select(User).filter_by(name="Hoàng Thị Lan")).scalar_one()
    coop = db.session.execute(db.select(Cooperative).filter_by(slug="htx-lam-binh")).scalar_one()
    client.post("/auth/login", data={"login": officer.email, "password": "LenSan@2026"})
    page = client.get(f"/cooperatives/{coop.id}").get_data(as_text=True)
    history = " ".join(parse_html(page).by_id("activity").text().split())
    print(history)
    assert "Ma Thị Hoa · Đã sửa" in history and "Hoàng Thị Lan · Đã sửa" in history
