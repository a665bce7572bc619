"""Driving load with wrk (https://github.com/wg/wrk): a Lua script per workload, wrk's report
parsed into figures.

wrk is a C client with an event loop: on this machine it sends several times the requests
Python clients can (2,300 against 356 on ``/healthz``), so the server, not the client, is
what gets measured. Each script picks a path per request from a table written into it.
"""

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# What a phone sends when a buyer scans a label; the same for every workload and /healthz.
HEADERS = {
    "User-Agent": (
        "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0 Mobile Safari/537.36"
    ),
    "Accept-Language": "vi-VN,vi;q=0.9,en;q=0.6",
    "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
}

_SCRIPT = """-- written by bench/trace_wrk.py
local paths = {%(paths)s}
local etags = {%(etags)s}
local skew = %(skew)s
local headers = {%(headers)s}
local threads = 0
local follow = %(follow)s
local pending = {}  -- the paths redirects pointed at, asked for next (as a phone follows them)

function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end

function init(args)
  math.randomseed(os.time() * 97 + number * 7919)
end

-- skew 1: every path alike; skew 3: the first paths (the newest batches) far more often.
function request()
  if #pending > 0 then return wrk.format("GET", table.remove(pending, 1), headers) end
  local i = math.floor(#paths * math.random() ^ skew) + 1
  if i > #paths then i = #paths end
  if #etags > 0 then headers["If-None-Match"] = etags[i] end
  return wrk.format("GET", paths[i], headers)
end

-- Only scripts that follow redirects define response(): wrk does less work without it.
if follow then
  function response(status, headers, body)
    local to = headers["Location"] or headers["location"]
    if status >= 300 and status < 400 and to then
      pending[#pending + 1] = (to:gsub("^https?://[^/]+", ""))
    end
  end
end
"""

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_PERCENTILE = re.compile(r"^\s*(50|75|90|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.M)
_RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
_TOTAL = re.compile(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h)", re.M)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


@dataclass(frozen=True)
class WrkResult:
    rps: float
    p50_ms: float
    p75_ms: float
    p90_ms: float
    p99_ms: float
    requests: int
    seconds: float
    bad_status: int  # responses other than 2xx and 3xx
    socket_errors: int  # connect, read, write errors and timeouts


def wrk_path() -> str | None:
    return shutil.which("wrk")


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_script(
    path: Path,
    paths: list[str],
    etags: list[str] | None = None,
    skew: int = 1,
    follow: bool = False,
) -> Path:
    """A wrk script asking for ``paths`` (with ``etags[i]`` as ``If-None-Match`` of path i);
    ``follow``: each redirect's target asked for next, as a phone follows it (wrk counts
    both answers as requests)."""
    if etags is not None and len(etags) != len(paths):
        raise ValueError("one ETag per path")
    path.write_text(
        _SCRIPT
        % {
            "paths": ",\n".join(map(lua_string, paths)),
            "etags": ",\n".join(map(lua_string, etags or [])),
            "skew": skew,
            "follow": "true" if follow else "false",
            "headers": ", ".join(
                f"[{lua_string(k)}] = {lua_string(v)}" for k, v in HEADERS.items()
            ),
        }
    )
    return path


def parse(output: str) -> WrkResult:
    """wrk's report (run with ``--latency``) as figures; ValueError when it is not one."""
    rps, total = _RPS.search(output), _TOTAL.search(output)
    percentiles = {int(p): float(v) * _UNITS_MS[u] for p, v, u in _PERCENTILE.findall(output)}
    if rps is None or total is None or set(percentiles) != {50, 75, 90, 99}:
        raise ValueError(f"not a wrk report with latencies:\n{output}")
    non_2xx = _NON_2XX.search(output)
    socket = _SOCKET.search(output)
    return WrkResult(
        rps=float(rps.group(1)),
        p50_ms=percentiles[50],
        p75_ms=percentiles[75],
        p90_ms=percentiles[90],
        p99_ms=percentiles[99],
        requests=int(total.group(1)),
        seconds=float(total.group(2)) * _UNITS_MS[total.group(3)] / 1000,
        bad_status=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(map(int, socket.groups())) if socket else 0,
    )


def run(
    base: str, script: Path, seconds: float, threads: int = 2, connections: int = 32
) -> WrkResult:
    """``wrk -t<threads> -c<connections> -d<seconds> --latency -s <script> <base>``."""
    command = [
        wrk_path() or "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(int(seconds), 1)}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        str(script),
        base + "/",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse(done.stdout)
