"""What the trace bench prints: the page's own checks, a table per run, p50's growth.

Ratios are to the mean of the two ``/healthz`` runs (before and after the others); the two are
printed, so the noise of the shared machine shows.
"""

from bench import trace_wrk as wrk

MAX_PAGE_BYTES = 30 * 1024
MAX_P50_GROWTH = 1.5  # p50 at the largest size / p50 at the smallest
GROWTH_ROWS = ("/t/<code> uniform, first views", "/t/<code> uniform", "/t/<code> recent")


def verdict(passed: bool) -> str:
    return "PASS" if passed else "MISS"


def check_page(base: str, trace_path: str, link_path: str) -> dict:
    """The trace page as a buyer gets it (by code and by GS1 Digital Link): 200, its size
    (target <= 30 KB) and whether it carries a script (target: none)."""
    import requests

    checks = {}
    for path in (trace_path, link_path):
        response = requests.get(base + path, headers=wrk.HEADERS, timeout=30)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}, not 200")
        checks[path] = (len(response.content), "<script" in response.text.lower())
    return checks


def print_table(measured: dict) -> None:
    results = measured["results"]
    before, after = (results[f"/healthz ({w})"][0].rps for w in ("before", "after"))
    baseline = (before + after) / 2
    print(
        f"{'workload':31} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'x healthz':>9} "
        f"{'target':>7} {'':4} {'errors':>6}"
    )
    for name, (result, target) in results.items():
        ratio = result.rps / baseline
        shown = f"{'':9}" if name.startswith("/healthz") else f"{ratio:9.2f}"
        goal = f">={target:.1f}x {verdict(ratio >= target)}" if target else ""
        print(
            f"{name:31} {result.rps:7.0f} {result.p50_ms:7.1f} {result.p99_ms:7.1f} {shown} "
            f"{goal:12} {result.bad_status + result.socket_errors:6d}"
        )
    print(f"/healthz before/after: {before:.0f} / {after:.0f} req/s (baseline: their mean)")
    for path, (size, script) in measured["page"].items():
        print(
            f"page {path}: {size / 1024:.1f} KB (<= 30 KB {verdict(size <= MAX_PAGE_BYTES)}), "
            f"{'a <script>' if script else 'no <script>'} ({verdict(not script)})"
        )
    print(f"server log: {measured['log']}", flush=True)


def print_p50_growth(database: str, measured: dict) -> None:
    """p50 at the largest size against the smallest, for the /t/<code> workloads."""
    small, large = min(measured), max(measured)
    for name in GROWTH_ROWS:
        p50_small = measured[small]["results"][name][0].p50_ms
        p50_large = measured[large]["results"][name][0].p50_ms
        growth = p50_large / p50_small
        print(
            f"{database} {name}: p50 {p50_large:.1f} ms at {large:,} / {p50_small:.1f} ms at "
            f"{small:,} = {growth:.2f}x (target <= {MAX_P50_GROWTH}x "
            f"{verdict(growth <= MAX_P50_GROWTH)})"
        )
