"""Drive wrk and read its report: requests per second, p50, p99 and responses by status class."""

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

WRK_INSTALL_HINT = "wrk is not installed. On Debian or Ubuntu: sudo apt-get install wrk (it installs /usr/bin/wrk)."

# Loaded with --script. Every wrk thread has its own Lua state: each counts its responses by
# status class, and done() (run once, in the main state) adds the threads' counts up and prints
# one line that parse_wrk_output() reads. wrk itself only reports "Non-2xx or 3xx responses",
# which would let a page that answers redirects look like a fast page.
STATUS_COUNTER_LUA = """\
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  c1, c2, c3, c4, c5, other = 0, 0, 0, 0, 0, 0
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    c2 = c2 + 1
  elseif status >= 300 and status < 400 then
    c3 = c3 + 1
  elseif status >= 400 and status < 500 then
    c4 = c4 + 1
  elseif status >= 500 and status < 600 then
    c5 = c5 + 1
  elseif status >= 100 and status < 200 then
    c1 = c1 + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local totals = {c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, other = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
  end
  io.write(string.format("bench-status 1xx=%d 2xx=%d 3xx=%d 4xx=%d 5xx=%d other=%d\\n",
    totals.c1, totals.c2, totals.c3, totals.c4, totals.c5, totals.other))
end
"""

_TIME_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_TIME = r"([0-9]+(?:\.[0-9]+)?)(us|ms|s|m|h)"
_PERCENTILE_RE = re.compile(r"^\s*(50|75|90|99)(?:\.0+)?%\s+" + _TIME + r"\s*$", re.MULTILINE)
_REQUESTS_RE = re.compile(r"^\s*([0-9]+) requests in " + _TIME + r",", re.MULTILINE)
_RPS_RE = re.compile(r"^Requests/sec:\s+([0-9]+(?:\.[0-9]+)?)\s*$", re.MULTILINE)
_NON_2XX_3XX_RE = re.compile(r"^\s*Non-2xx or 3xx responses:\s+([0-9]+)\s*$", re.MULTILINE)
_SOCKET_ERRORS_RE = re.compile(
    r"Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)", re.MULTILINE
)
_STATUS_RE = re.compile(r"^bench-status ((?:\w+=[0-9]+ ?)+)$", re.MULTILINE)


class WrkOutputError(ValueError):
    """wrk's output lacks a figure that a result needs (wrk failed, or printed something new)."""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    duration_ms: float
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    # Responses that were not 2xx: from the Lua counter when present, otherwise wrk's own
    # "Non-2xx or 3xx" count (which misses redirects).
    non_2xx: int
    statuses: dict[str, int] = field(default_factory=dict)
    socket_errors: dict[str, int] = field(default_factory=dict)

    @property
    def socket_error_total(self) -> int:
        return sum(self.socket_errors.values())


def time_to_ms(value: str, unit: str) -> float:
    """A wrk time ("812.00us", "1.20ms", "2.01s", "1.00m") in milliseconds."""
    try:
        return float(value) * _TIME_UNITS_MS[unit]
    except KeyError:
        raise WrkOutputError(f"unknown time unit {unit!r} in wrk output") from None


def parse_time_ms(text: str) -> float:
    match = re.fullmatch(_TIME, text.strip())
    if not match:
        raise WrkOutputError(f"not a wrk time: {text!r}")
    return time_to_ms(*match.groups())


def parse_wrk_output(text: str) -> WrkResult:
    """Read the figures of one ``wrk --latency`` run (with or without the status counter script)."""
    rps = _RPS_RE.search(text)
    if not rps:
        raise WrkOutputError("no 'Requests/sec:' line in wrk output")
    percentiles = {m.group(1): time_to_ms(m.group(2), m.group(3)) for m in _PERCENTILE_RE.finditer(text)}
    if "50" not in percentiles or "99" not in percentiles:
        raise WrkOutputError("no latency distribution (50% and 99%) in wrk output; was --latency given?")
    requests = _REQUESTS_RE.search(text)
    if not requests:
        raise WrkOutputError("no 'N requests in T' line in wrk output")
    socket = _SOCKET_ERRORS_RE.search(text)
    socket_errors = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, socket.groups()), strict=True)) if socket else {}
    )
    statuses: dict[str, int] = {}
    status_line = _STATUS_RE.search(text)
    if status_line:
        for pair in status_line.group(1).split():
            name, count = pair.split("=")
            statuses[name] = int(count)
        non_2xx = sum(count for name, count in statuses.items() if name != "2xx")
    else:
        non_2xx_3xx = _NON_2XX_3XX_RE.search(text)
        non_2xx = int(non_2xx_3xx.group(1)) if non_2xx_3xx else 0
    return WrkResult(
        requests=int(requests.group(1)),
        duration_ms=time_to_ms(requests.group(2), requests.group(3)),
        requests_per_second=float(rps.group(1)),
        p50_ms=percentiles["50"],
        p99_ms=percentiles["99"],
        non_2xx=non_2xx,
        statuses=statuses,
        socket_errors=socket_errors,
    )


def wrk_path() -> str | None:
    return shutil.which("wrk")


@dataclass(frozen=True)
class WrkOptions:
    threads: int = 2
    connections: int = 16
    timeout_s: int = 10


def wrk_run(
    *, url: str, duration_s: float, options: WrkOptions, headers: dict[str, str], script: Path, log: Path | None = None
) -> tuple[WrkResult, str]:
    """Run wrk once against ``url``; return the parsed result and wrk's whole output."""
    executable = wrk_path()
    if executable is None:
        raise FileNotFoundError(WRK_INSTALL_HINT)
    command = [
        executable,
        f"--threads={options.threads}",
        f"--connections={max(options.connections, options.threads)}",
        f"--duration={max(1, round(duration_s))}s",
        f"--timeout={options.timeout_s}s",
        f"--script={script}",
        "--latency",
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    command.append(url)
    completed = subprocess.run(command, capture_output=True, text=True, timeout=duration_s + options.timeout_s + 60)
    output = completed.stdout + (f"\n[stderr]\n{completed.stderr}" if completed.stderr.strip() else "")
    if log is not None:
        log.write_text(output)
    if completed.returncode != 0:
        raise WrkOutputError(f"wrk exited with {completed.returncode}:\n{output}")
    return parse_wrk_output(completed.stdout), output
