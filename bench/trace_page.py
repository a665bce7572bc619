"""Serve the app with gunicorn over a database of 100,000+ batches and load the trace page.

Builds the database (``BENCH_DATABASE_URL``, default a fresh SQLite file in a temporary
folder; PostgreSQL works too and is emptied first) from the demo catalogue plus bulk-inserted
batches, each with a plot and four events (see :func:`build`), starts
``gunicorn -w 2 wsgi:app`` on a free port, then drives ``/healthz`` and ``/t/<code>`` under two
workloads (``WORKLOADS``: every scan a random batch; or 90% of scans on the newest 1,000) in
``BENCH_ROUNDS`` (5) alternating rounds of ``BENCH_SECONDS`` (4) each with a few client
processes, and prints requests/s, p50 and p99 of each and the median of the rounds' ratios.
Target: the trace page reaches at least 50% of ``/healthz`` throughput. Every trace view also
records a scan, as in production (through the worker's scan writer). Run:
``.venv/bin/python -m bench.trace_page`` (``BENCH_KEEP=1`` keeps the database's folder, and
``BENCH_REUSE=<folder>`` runs again on it without rebuilding).
"""

import multiprocessing
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

BATCHES = int(os.environ.get("BENCH_BATCHES", "100000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))  # per endpoint and round
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
HOT = 1_000  # "recent" workload: 90% of scans on the newest HOT batches, 10% on any batch
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
CHUNK = 10_000
ROOT = Path(__file__).resolve().parents[1]


PLOT_BATCHES = 5  # harvests per plot: about two a year over the 700 days the batches span


def public_code(n: int) -> str:
    return f"B{n:07d}"


def build(url: str, media: str) -> None:
    """Create the schema, seed the demo catalogue (cooperatives, products with photos,
    certificates, confirmed shops), then add the batches by bulk inserts: a plot for every
    five batches, and four events on every batch (planting, spraying with a pre-harvest
    interval, harvest, packing), so each page shows a journey as real ones do."""
    from sqlalchemy import insert, select, text

    from app import create_app
    from app.demo import seed_demo
    from app.extensions import db
    from app.models import Batch, Plot, Product, ProductStatus, TraceEvent

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, MEDIA_ROOT=media)
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_demo()
        products = db.session.execute(
            select(Product.id, Product.cooperative_id, Product.unit)
            .where(Product.status == ProductStatus.ACTIVE)
            .order_by(Product.id)
        ).all()
        coops = {p.cooperative_id for p in products}
        now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        plots = BATCHES // PLOT_BATCHES
        plot_rows = [
            dict(
                cooperative_id=products[n % len(products)].cooperative_id,
                kind="plot",
                name=f"Thửa {n + 1}",
                province_code=8,
                commune_code=2266,
                crop="Lạc đỏ",
                planting_area_code=f"VN-TQ-{n:06d}",
                created_at=now,
            )
            for n in range(plots)
        ]
        db.session.execute(insert(Plot), plot_rows)
        first_plot = db.session.execute(select(Plot.id).order_by(Plot.id.desc())).scalar() - plots
        start = date(2024, 6, 1)
        kinds = ("planting", "input", "harvest", "packing")
        offsets = (-110, -20, 0, 3)  # days from the harvest
        next_id = 1 + (db.session.execute(select(Batch.id).order_by(Batch.id.desc())).scalar() or 0)
        for first in range(0, BATCHES, CHUNK):
            batches, events = [], []
            for n in range(first, min(first + CHUNK, BATCHES)):
                plot = n % plots
                product = products[plot % len(products)]
                harvested = start + timedelta(days=140 * (n // plots) + plot % 60)
                batch_id = next_id + n
                batches.append(
                    dict(
                        id=batch_id,
                        cooperative_id=product.cooperative_id,
                        product_id=product.id,
                        code=f"LB-{n:07d}",
                        public_code=public_code(n),
                        quantity=100 + n % 900,
                        unit=product.unit if product.unit in ("kg", "lít", "chai") else "kg",
                        produced_on=harvested,
                        packed_on=harvested + timedelta(days=3),
                        expires_on=harvested + timedelta(days=368),
                        plot_id=first_plot + plot + 1,
                        status="open",
                        created_at=now,
                        updated_at=now,
                    )
                )
                for seq, (kind, offset) in enumerate(zip(kinds, offsets, strict=True), 1):
                    details = {}
                    if kind == "input":
                        details = {"product": "Regent 800WG", "dose": "25 g/ha", "phi_days": 7}
                    elif kind == "harvest":
                        details = {"quantity": str(100 + n % 900), "unit": "kg"}
                    events.append(
                        dict(
                            batch_id=batch_id,
                            seq=seq,
                            kind=kind,
                            occurred_at=datetime.combine(harvested, datetime.min.time())
                            + timedelta(days=offset, hours=1),
                            place="Nương Nà Va",
                            actor="Tổ sản xuất số 2",
                            notes="",
                            public=True,
                            details=details,
                            photo_keys=[],
                            recorded_at=now,
                            prev_hash="",
                            content_hash=f"{batch_id:032x}{seq:032x}",
                        )
                    )
            db.session.execute(insert(Batch), batches)
            db.session.execute(insert(TraceEvent), events)
        db.session.commit()
        db.session.execute(text("ANALYZE"))  # planner statistics, as autovacuum would gather
        db.session.commit()
        print(f"catalogue: {len(coops)} cooperatives, {len(products)} products on sale (demo)")
        db.engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, port: int, media: str) -> subprocess.Popen:
    env = dict(
        os.environ,
        DATABASE_URL=url,
        SECRET_KEY="bench-secret",
        LENSAN_ENV="development",
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        MEDIA_ROOT=media,
    )
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    args = [gunicorn, "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"]
    return subprocess.Popen(args, cwd=ROOT, env=env)


def wait_ready(base: str, server: subprocess.Popen) -> None:
    import requests

    for _ in range(200):
        if server.poll() is not None:
            raise SystemExit("gunicorn exited")
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise SystemExit("gunicorn did not answer")


def _client(args) -> tuple[list[float], int]:
    """One client process: a keep-alive session, requests until the deadline."""
    import requests

    base, kind, deadline, seed = args
    rng = random.Random(seed)
    session = requests.Session()
    samples, errors = [], 0
    while time.time() < deadline:
        if kind == "healthz":
            path = "/healthz"
        elif kind == "recent" and rng.random() < 0.9:
            path = "/t/" + public_code(BATCHES - 1 - rng.randrange(HOT))
        else:
            path = "/t/" + public_code(rng.randrange(BATCHES))
        start = time.perf_counter()
        response = session.get(base + path)
        samples.append(time.perf_counter() - start)
        if response.status_code != 200:
            errors += 1
    return samples, errors


# "uniform": every scan a batch drawn from all 100,000, nearly always one this worker has not
# shown yet (the worst case). "recent": scans follow the labels on shelves, 90% on the newest
# 1,000 batches; a worker serves a repeat from its rendered pages.
WORKLOADS = (
    ("/healthz", "healthz"),
    ("/t/<code> uniform", "uniform"),
    ("/t/<code> recent", "recent"),
)


def load(base: str, kind: str) -> tuple[list[float], int]:
    """Latency samples and error count of one endpoint driven for ``SECONDS``."""
    deadline = time.time() + SECONDS
    with multiprocessing.Pool(CLIENTS) as pool:
        results = pool.map(_client, [(base, kind, deadline, n) for n in range(CLIENTS)])
    return [s for part, _ in results for s in part], sum(e for _, e in results)


def summary(samples: list[float], errors: int, seconds: float) -> dict:
    quantiles = statistics.quantiles(sorted(samples), n=100)
    return {
        "rps": len(samples) / seconds,
        "p50": quantiles[49] * 1000,
        "p99": quantiles[98] * 1000,
        "n": len(samples),
        "errors": errors,
    }


def count_scans(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        found = connection.execute(text("SELECT count(*) FROM scans")).scalar_one()
    engine.dispose()
    return found


def main() -> None:
    folder = os.environ.get("BENCH_REUSE") or tempfile.mkdtemp(prefix="bench-trace-")
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite"
    started = time.perf_counter()
    if not os.environ.get("BENCH_REUSE"):  # a folder a previous run built and left
        build(url, f"{folder}/media")
    print(
        f"database: {url.split('@')[-1]}  {BATCHES:,} batches, built in "
        f"{time.perf_counter() - started:.1f} s"
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(url, port, f"{folder}/media")
    try:
        wait_ready(base, server)
        load(base, "uniform")  # warm both workers (templates, translations, showcases)
        # Rounds alternate the endpoints, so a neighbour's load on this shared machine weighs
        # on all alike; each ratio reported is the median of the rounds' ratios.
        runs = {name: ([], 0) for name, _ in WORKLOADS}
        ratios = {name: [] for name, _ in WORKLOADS[1:]}
        for _ in range(ROUNDS):
            rates = {}
            for name, kind in WORKLOADS:
                samples, errors = load(base, kind)
                runs[name] = (runs[name][0] + samples, runs[name][1] + errors)
                rates[name] = len(samples) / SECONDS
            for name in ratios:
                ratios[name].append(rates[name] / rates["/healthz"])
    finally:
        server.terminate()
        server.wait(10)
    results = {name: summary(s, e, SECONDS * ROUNDS) for name, (s, e) in runs.items()}
    print(f"gunicorn -w 2, {CLIENTS} client processes, {ROUNDS} rounds of {SECONDS:.0f} s each")
    print(f"{'url':18} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'requests':>9} {'errors':>7}")
    for name, r in results.items():
        print(
            f"{name:18} {r['rps']:8.0f} {r['p50']:8.1f} {r['p99']:8.1f} {r['n']:9d} "
            f"{r['errors']:7d}"
        )
    for name, found in ratios.items():
        rounds = " ".join(f"{r:.0%}" for r in found)
        print(
            f"{name} / healthz throughput: {statistics.median(found):.0%} median of rounds "
            f"({rounds}) (target >= 50%)"
        )
    print(f"scans recorded: {count_scans(url):,}")
    if not os.environ.get("BENCH_REUSE") and not os.environ.get("BENCH_KEEP"):
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"kept: BENCH_REUSE={folder}")


if __name__ == "__main__":
    main()
