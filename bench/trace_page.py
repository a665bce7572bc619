"""The scan page's cost, measured with wrk beside ``/healthz`` in the same run.

For each database (SQLite, a file in a temporary folder; PostgreSQL at ``BENCH_DATABASE_URL``,
default ``postgresql+psycopg://postgres@127.0.0.1:5432/bench_trace``, one database per size,
skipped with the reason when it does not answer) and each size (``--sizes``, default 10,000
and 1,000,000 batches), the bench builds the database or reuses the one an earlier run left
(bench/trace_seed.py), starts gunicorn as deploy/ runs it (bench/trace_server.py) and drives
it with ``wrk -t2 -c32 --latency`` (bench/trace_wrk.py) after a warm-up of each workload:

- ``/healthz`` before and after the others: the baseline (their mean), and the noise;
- first views, without a target: ``/t/<code>`` uniform, each request a code drawn at random
  among ``--codes`` (10,000) codes sampled uniformly across the whole table, and their
  ``/01/<gtin>/10/<lot>`` Digital Links, before any was asked for and without a warm-up: most
  requests render a page from the database. A Digital Link answers a 307 to ``/t/<code>``
  (issue 21): its workloads follow it as a phone does ("307+page": wrk counts the 307 and the
  page as two requests, so scans through links are half its req/s), and the 307 alone is
  measured too ("307 only": wrk counts a 307 as a success, it is not a page);
- then the same two with every page asked for once before (``PRIMED``), and "recent": the
  newest 1,000 batches, the newest far more often (index = 1,000 x random^3), as scans follow
  the labels on shelves, also primed: the steady state of the page cache, which the targets
  are for (10,000 pages do not fit one worker's TRACE_PAGE_CACHE_SIZE of 2,000: most uniform
  views come from Redis);
- 304: ``If-None-Match`` with the page's ETag (fetched first) for 300 of the uniform codes;
- ``/c/<slug>`` over every cooperative.

It prints req/s, p50 and p99, the ratio to ``/healthz`` with the issue's targets, p50 at the
largest size against the smallest, and the page's size and whether it carries a script.
Run: ``.venv/bin/python -m bench.trace_page [--sizes 10000 --seconds 5]``. It installs
nothing: without wrk it says how to get it and exits with status 2.
"""

import argparse
import os
import random
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import trace_server as server
from bench import trace_wrk as wrk
from bench.trace_report import check_page, print_p50_growth, print_table
from bench.trace_seed import prepare

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_trace"
RECENT = 1_000
REVALIDATED = 300
# Workloads whose pages are all asked for once before the warm-up: the steady state of the
# page cache the issue's targets are for ("a page already rendered ... is served from the
# cache"), as a batch's labels are scanned again and again. The uniform codes and their
# Digital Links are first measured before that ("first views": each request mostly a page
# rendered from the database, without a target: rendering is what they measure), then primed.
FIRST = ", first views"
# A Digital Link's 307 alone, and followed to its page as a phone does (two requests a scan).
LINK_307 = "/01/.../10/<lot> 307 only"
LINK_FOLLOWED = "/01/.../10/<lot> 307+page"
PRIMED = {
    "/t/<code> uniform": "uniform",
    "/t/<code> recent": "recent",
    "/c/<slug>": "cooperatives",
    LINK_307: "links",
    LINK_FOLLOWED: "links",
}


def options() -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m bench.trace_page", description=__doc__)
    parser.add_argument("--sizes", default=env("BENCH_SIZES", "10000,1000000"))
    parser.add_argument("--databases", default=env("BENCH_DATABASES", "sqlite,postgresql"))
    parser.add_argument("--seconds", type=int, default=int(env("BENCH_SECONDS", "10")))
    parser.add_argument("--warmup", type=int, default=int(env("BENCH_WARMUP", "3")))
    parser.add_argument("--codes", type=int, default=int(env("BENCH_CODES", "10000")))
    parser.add_argument("--no-redis", action="store_true", default=env("BENCH_REDIS") == "0")
    parser.add_argument(
        "--folder", default=env("BENCH_FOLDER") or f"{tempfile.gettempdir()}/lensan-bench-trace"
    )
    return parser.parse_args()


def postgres_url(size: int) -> tuple[str | None, str]:
    """The size's database URL, or None and why PostgreSQL was skipped."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    url = make_url(os.environ.get("BENCH_DATABASE_URL") or POSTGRES)
    admin = create_engine(url.set(database="postgres"), connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        return None, f"PostgreSQL at {url.host}:{url.port} does not answer ({error.orig})"
    finally:
        admin.dispose()
    return url.set(database=f"{url.database}_{size}").render_as_string(hide_password=False), ""


def samples(url: str, codes: int) -> dict:
    """Paths for the workloads, drawn from the database: uniform codes with their GS1 links,
    the newest batches' codes, every cooperative's slug."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        low, high = connection.execute(
            text("SELECT min(id), max(id) FROM batches WHERE public_code LIKE 'BN%'")
        ).one()
        ids = random.Random(16).sample(range(low, high + 1), min(codes, high - low + 1))
        rows = []
        for first in range(0, len(ids), 1000):
            rows += connection.execute(
                text(
                    "SELECT b.public_code, b.code, p.gtin FROM batches b "
                    "JOIN products p ON p.id = b.product_id WHERE b.id IN "
                    f"({', '.join(map(str, ids[first : first + 1000]))})"
                )
            ).all()
        recent = connection.execute(
            text("SELECT public_code FROM batches ORDER BY id DESC LIMIT :n"), {"n": RECENT}
        ).scalars()
        slugs = connection.execute(
            text("SELECT slug FROM cooperatives WHERE status = 'active' ORDER BY id")
        ).scalars()
        found = {
            "uniform": [f"/t/{row.public_code}" for row in rows],
            "links": [f"/01/{row.gtin}/10/{row.code}" for row in rows],
            "recent": [f"/t/{code}" for code in recent],
            "cooperatives": [f"/c/{slug}" for slug in slugs],
        }
    engine.dispose()
    return found


def etags(base: str, paths: list[str]) -> list[str]:
    """Each page's ETag, as a phone would keep it; checks that asking again gets a 304."""
    import requests

    session = requests.Session()
    session.headers.update(wrk.HEADERS)
    found = []
    for path in paths:
        response = session.get(base + path, timeout=30)
        response.raise_for_status()
        found.append(response.headers["ETag"])
    again = session.get(base + paths[0], headers={"If-None-Match": found[0]}, timeout=30)
    if again.status_code != 304:
        raise SystemExit(f"{paths[0]} with its ETag answered {again.status_code}, not 304")
    return found


def workloads(base: str, paths: dict, folder: Path) -> list[tuple[str, Path, float | None]]:
    """(name, wrk script, target ratio to /healthz) in the order they run."""
    revalidated = paths["uniform"][:REVALIDATED]
    script = wrk.write_script
    return [
        ("/healthz (before)", script(folder / "healthz.lua", ["/healthz"]), None),
        ("/t/<code> uniform" + FIRST, script(folder / "uniform.lua", paths["uniform"]), None),
        (
            LINK_FOLLOWED + FIRST,
            script(folder / "link_page.lua", paths["links"], follow=True),
            None,
        ),
        ("/t/<code> uniform", script(folder / "uniform.lua", paths["uniform"]), 0.8),
        ("/t/<code> recent", script(folder / "recent.lua", paths["recent"], skew=3), 0.8),
        (
            "/t/<code> 304",
            script(folder / "revalidate.lua", revalidated, etags(base, revalidated)),
            0.9,
        ),
        ("/c/<slug>", script(folder / "cooperative.lua", paths["cooperatives"]), 0.5),
        (LINK_307, script(folder / "link_307.lua", paths["links"]), None),
        (LINK_FOLLOWED, script(folder / "link_page.lua", paths["links"], follow=True), None),
        ("/healthz (after)", script(folder / "healthz.lua", ["/healthz"]), None),
    ]


def prime(base: str, paths: list[str]) -> None:
    """Ask for every path once (eight at a time), as earlier buyers would have."""
    import requests

    def fetch(path: str) -> None:
        response = requests.get(base + path, headers=wrk.HEADERS, timeout=60)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}, not 200")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(fetch, paths))


def measure(seeded, folder: Path, redis_url: str | None, args) -> dict:
    """One server on the seeded database; every workload warmed up, then measured."""
    paths = samples(seeded.url, args.codes)
    process, base, log = server.start(seeded.url, seeded.media, folder, redis_url)
    results = {}
    try:
        page = check_page(base, paths["recent"][0], paths["links"][0])
        for name, script, target in workloads(base, paths, folder):
            if name in PRIMED:  # the steady state: every page of the set seen once before
                prime(base, paths[PRIMED[name]])
            if args.warmup and not name.endswith(("(after)", FIRST)):
                wrk.run(base, script, args.warmup)
            results[name] = (wrk.run(base, script, args.seconds), target)
    finally:
        server.stop(process)
    return {"results": results, "page": page, "log": log, "paths": paths}


def run_database(name: str, sizes: list[int], args, redis_url: str | None) -> dict:
    """Every size on one database: {size: measurement}, or {} when it was skipped."""
    measured = {}
    for size in sizes:
        folder = Path(args.folder) / f"{name}-{size}"
        folder.mkdir(parents=True, exist_ok=True)
        if name == "sqlite":
            url = f"sqlite:///{Path(args.folder).resolve()}/trace-{size}.sqlite"
        else:
            url, why = postgres_url(size)
            if url is None:
                print(f"\n{name}: skipped: {why}")
                return {}
        seeded = prepare(url, size, folder / "media")
        how = "reused" if seeded.reused else "built"
        print(
            f"\n{name}, {size:,} batches: database {how} in {seeded.seconds:.1f} s "
            f"({url.split('@')[-1]})",
            flush=True,
        )
        measured[size] = measure(seeded, folder, redis_url, args)
        print_table(measured[size])
    return measured


def main() -> int:
    args = options()
    if wrk.wrk_path() is None:
        print(
            "wrk is not installed. This bench drives the load with wrk, a C client that is not\n"
            "the bottleneck. Install it with `sudo apt install wrk` (Debian, Ubuntu) or\n"
            "`brew install wrk` (macOS), then run the bench again.",
            file=sys.stderr,
        )
        return 2
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    redis_url = None if args.no_redis or not server.redis_answers() else server.REDIS_URL
    print(
        f"shared {os.cpu_count()}-core machine (load average {os.getloadavg()[0]:.1f}): wrk and "
        "the server compete for the same cores, and other work may run beside them; absolute "
        "figures vary from run to run, the ratios to /healthz measured in the same run are "
        "what count."
    )
    print(
        f"{server.describe(redis_url)}; wrk -t2 -c32, {args.warmup} s warm-up then "
        f"{args.seconds} s per workload; uniform: {args.codes:,} codes sampled across the "
        "table (first views: not asked for before and no warm-up, so most requests render a page; "
        "then each asked for once first), recent: the newest "
        f"{RECENT:,}, each asked for once first, 304: {REVALIDATED} codes"
    )
    for name in args.databases.split(","):
        measured = run_database(name.strip(), sizes, args, redis_url)
        if len(measured) > 1:
            print_p50_growth(name, measured)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
