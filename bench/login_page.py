"""Time the sign-in page and the dashboard through the test client, against /healthz.

Prints median milliseconds per request and the ratio to the /healthz baseline measured in the
same run, so a slow machine does not read as a slow app.
"""

import statistics
import time

from app import create_app
from app.config import TestingConfig
from app.demo import DEMO_PASSWORD, seed_demo
from app.extensions import db


def _median_ms(client, url, n=200):
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main():
    app = create_app(TestingConfig)
    with app.app_context():
        db.create_all()
        seed_demo()
    client = app.test_client()
    base = _median_ms(client, "/healthz")
    print(f"{'url':28} {'median ms':>10} {'x healthz':>10}")
    print(f"{'/healthz (baseline)':28} {base:10.2f} {1:10.1f}")
    for url in ("/", "/auth/login"):
        ms = _median_ms(client, url)
        print(f"{url:28} {ms:10.2f} {ms / base:10.1f}")
    client.post(
        "/auth/login",
        data={"login": "lan.khuyennong@tuyenquang.example.vn", "password": DEMO_PASSWORD},
    )
    for url in ("/dashboard/", "/cooperatives/"):
        ms = _median_ms(client, url)
        print(f"{url:28} {ms:10.2f} {ms / base:10.1f}")


if __name__ == "__main__":
    main()
