"""The trace bench reads wrk's reports right: a report wrk printed, and wrk run for real
(when installed) with a script the bench writes, against a small local server."""

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import trace_wrk

# Printed by `wrk -t1 -c2 -d1s --latency` (wrk 4.1.0) on this machine.
REPORT = """\
Running 1s test @ http://127.0.0.1:18765/
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.77ms    6.06ms  34.20ms   88.77%
    Req/Sec   328.60     62.35   400.00     50.00%
  Latency Distribution
     50%    5.38ms
     75%    8.79ms
     90%   13.76ms
     99%   29.81ms
  328 requests in 1.00s, 836.98KB read
Requests/sec:    327.62
Transfer/sec:    836.00KB
"""


def test_a_report_wrk_printed():
    result = trace_wrk.parse(REPORT)
    assert result.rps == 327.62
    assert (result.p50_ms, result.p75_ms, result.p90_ms, result.p99_ms) == (
        5.38,
        8.79,
        13.76,
        29.81,
    )
    assert (result.requests, result.seconds) == (328, 1.0)
    assert (result.bad_status, result.socket_errors) == (0, 0)


def test_units_errors_and_bad_statuses_are_read():
    report = (
        REPORT.replace("50%    5.38ms", "50%  812.00us")
        .replace("99%   29.81ms", "99%    1.20s")
        .replace(
            "Requests/sec:",
            "  Socket errors: connect 0, read 2, write 0, timeout 3\n"
            "  Non-2xx or 3xx responses: 7\nRequests/sec:",
        )
    )
    result = trace_wrk.parse(report)
    assert result.p50_ms == pytest.approx(0.812)
    assert result.p99_ms == pytest.approx(1200.0)
    assert (result.bad_status, result.socket_errors) == (7, 5)


def test_anything_else_is_refused():
    with pytest.raises(ValueError, match="not a wrk report"):
        trace_wrk.parse(REPORT.replace("Latency Distribution", "").replace("50%", ""))
    with pytest.raises(ValueError):
        trace_wrk.parse("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_a_path_of_the_table_gets_its_etag_quoted_for_lua():
    assert trace_wrk.lua_string('W/"a\\b"') == '"W/\\"a\\\\b\\""'


class _Handler(BaseHTTPRequestHandler):
    """Answers 304 to the ETag the script sends with /t/A, 404 to anything else."""

    def do_GET(self):
        ok = self.path == "/t/A" and self.headers.get("If-None-Match") == '"v1"'
        self.send_response(304 if ok else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_wrk_runs_the_script_and_its_report_is_read(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        good = trace_wrk.write_script(tmp_path / "good.lua", ["/t/A"], ['"v1"'])
        bad = trace_wrk.write_script(tmp_path / "bad.lua", ["/t/B", "/t/C"], skew=3)
        ok = trace_wrk.run(base, good, 1, threads=1, connections=1)
        missing = trace_wrk.run(base, bad, 1, threads=1, connections=1)
    finally:
        server.shutdown()
        server.server_close()
    assert ok.requests > 0 and ok.bad_status == 0
    assert missing.requests > 0 and missing.bad_status == missing.requests
    assert ok.p50_ms <= ok.p99_ms
