"""Time the officers' dashboard and its .xlsx report on a province-sized area.

Seeds N cooperatives (default 3,000) in one province with onboarding steps on several
marketplaces, certificates and support visits, then prints the median time per request and
the number of SQL statements each request ran, against /healthz and the cooperatives list
measured in the same run. The statement count shows the figures do not grow with N (no query
per cooperative).

Run: .venv/bin/python -m bench.dashboard [N]
"""

import random
import statistics
import sys
import time
from datetime import date, timedelta

from sqlalchemy import event

from app import create_app
from app.config import TestingConfig
from app.extensions import db
from app.models import Certificate, Cooperative, OnboardingStep, Step, SupportVisit
from app.text import fold
from tests.support import factories

MARKETPLACES = ("voso", "postmart", "shopee")


def _seed(n: int) -> None:
    rng = random.Random(7)
    today = date.today()
    communes = [2215, 2266]
    cooperatives = [
        Cooperative(
            legal_name=f"Hợp tác xã Nông nghiệp Thử {i}",
            short_name=f"HTX Thử {i}",
            slug=f"htx-thu-{i}",
            tax_code=f"{6000000000 + i}",
            province_code=8,
            commune_code=communes[i % 2],
            search_text=fold(f"Hợp tác xã Nông nghiệp Thử {i}"),
        )
        for i in range(n)
    ]
    db.session.add_all(cooperatives)
    db.session.flush()
    steps = list(Step)
    for cooperative in cooperatives:
        for marketplace in rng.sample(MARKETPLACES, rng.randint(0, 3)):
            for step in steps[: rng.randint(1, len(steps))]:
                db.session.add(
                    OnboardingStep(
                        cooperative_id=cooperative.id,
                        marketplace=marketplace,
                        step=step,
                        status="done",
                        done_on=today,
                    )
                )
        if rng.random() < 0.5:
            db.session.add(
                Certificate(
                    cooperative_id=cooperative.id,
                    kind="vietgap",
                    number=f"VG-{cooperative.id}",
                    issuer="Công ty CP Chứng nhận Việt Bắc",
                    issued_on=today - timedelta(days=300),
                    expires_on=today + timedelta(days=rng.randint(1, 400)),
                )
            )
    officer = factories.OfficerFactory(areas__province_code=8, email="bench@example.vn")
    for i in range(n // 10):
        visit = SupportVisit(
            officer_id=officer.id,
            visited_on=today - timedelta(days=rng.randint(0, 200)),
            province_code=8,
            commune_code=communes[i % 2],
            topic="Hướng dẫn mở gian hàng",
            people_guided=rng.randint(5, 40),
        )
        visit.cooperatives = rng.sample(cooperatives, 3)
        db.session.add(visit)
    db.session.commit()


def _measure(client, url, statements, n=15):
    samples, counts = [], []
    for _ in range(n):
        statements.clear()
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        counts.append(len(statements))
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples), max(counts)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    app = create_app(TestingConfig)
    statements: list[str] = []
    with app.app_context():
        db.create_all()
        _seed(n)
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    client = app.test_client()
    client.post("/auth/login", data={"login": "bench@example.vn", "password": "correct horse 42"})
    base, _ = _measure(client, "/healthz", statements, n=50)
    print(f"{n} cooperatives, one officer's area")
    print(f"{'url':58} {'median ms':>10} {'x healthz':>10} {'SQL':>5}")
    print(f"{'/healthz (baseline)':58} {base:10.1f} {1:10.1f}")
    for url in (
        "/cooperatives/",
        "/dashboard/",
        "/dashboard/?marketplace=voso&step=first_listing&state=todo",
        "/dashboard/?expiring=y",
        "/dashboard/report.xlsx",
    ):
        ms, count = _measure(client, url, statements)
        print(f"{url:58} {ms:10.1f} {ms / base:10.1f} {count:5d}")


if __name__ == "__main__":
    main()
