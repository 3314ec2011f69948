"""The wrk-output parser of ``make bench``, fed output that wrk 4.1.0 really printed."""

import pytest

from bench.report import PageResult, page_rows, problems, ratios_fill
from bench.wrk import WrkOutputError, parse_time_ms, parse_wrk_output

# gunicorn + portal /bench/hello, 1 connection, with the status counter script: p50 in us, p99 in ms.
HELLO_MICROSECONDS = """\
Running 2s test @ http://127.0.0.1:52515/bench/hello
  1 threads and 1 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   567.13us    1.12ms  19.85ms   98.64%
    Req/Sec     1.95k   145.06     2.11k    75.00%
  Latency Distribution
     50%  448.00us
     75%  489.00us
     90%  576.00us
     99%    2.52ms
  3885 requests in 2.00s, 1.91MB read
Requests/sec:   1941.74
Transfer/sec:      0.96MB
bench-status 1xx=0 2xx=3885 3xx=0 4xx=0 5xx=0 other=0
"""

# A server that sleeps 1.2 s, no script: latencies in seconds (wrk pads them with a space).
SLOW_SECONDS = """\
Running 3s test @ http://127.0.0.1:18931/slow
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.22s    21.46ms   1.24s   100.00%
    Req/Sec     1.00      0.00     1.00    100.00%
  Latency Distribution
     50%    1.24s\x20
     75%    1.24s\x20
     90%    1.24s\x20
     99%    1.24s\x20
  8 requests in 3.01s, 0.88KB read
Requests/sec:      2.66
Transfer/sec:     300.79B
"""

# Every response a redirect: wrk's own "Non-2xx or 3xx" line stays silent; the counter script does not.
REDIRECTS_WITH_COUNTER = """\
Running 2s test @ http://127.0.0.1:18931/redirect
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    43.11ms    6.69ms  51.89ms   97.20%
    Req/Sec    80.57     24.09   121.00     70.00%
  Latency Distribution
     50%   43.97ms
     75%   44.02ms
     90%   44.15ms
     99%   48.01ms
  322 requests in 2.01s, 41.56KB read
Requests/sec:    160.38
Transfer/sec:     20.70KB
bench-status 1xx=0 2xx=0 3xx=322 4xx=0 5xx=0 other=0
"""

# Every response a 404, no script: only wrk's own count.
NOT_FOUND_WITHOUT_COUNTER = """\
Running 2s test @ http://127.0.0.1:18931/missing
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    43.35ms    4.99ms  48.06ms   97.65%
    Req/Sec    85.30     14.37   110.00     62.50%
  Latency Distribution
     50%   43.99ms
     75%   44.02ms
     90%   44.07ms
     99%   48.00ms
  341 requests in 2.00s, 40.88KB read
  Non-2xx or 3xx responses: 341
Requests/sec:    170.29
Transfer/sec:     20.42KB
"""

# --timeout 1s against the 1.2 s server: every request timed out.
TIMEOUTS = """\
Running 3s test @ http://127.0.0.1:18932/slow
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.00us    0.00us   0.00us    -nan%
    Req/Sec     1.00      0.00     1.00    100.00%
  Latency Distribution
     50%    0.00us
     75%    0.00us
     90%    0.00us
     99%    0.00us
  4 requests in 3.01s, 452.00B read
  Socket errors: connect 0, read 0, write 0, timeout 4
Requests/sec:      1.33
Transfer/sec:     150.38B
bench-status 1xx=0 2xx=4 3xx=0 4xx=0 5xx=0 other=0
"""

# Without --latency there is no distribution to read p50 and p99 from.
WITHOUT_LATENCY_FLAG = """\
Running 1s test @ http://127.0.0.1:18932/
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    42.26ms    9.00ms  48.36ms   95.65%
    Req/Sec    46.00      9.66    60.00     70.00%
  46 requests in 1.00s, 5.29KB read
Requests/sec:     45.97
Transfer/sec:      5.29KB
"""


@pytest.mark.parametrize(
    ("text", "expected_ms"),
    [("448.00us", 0.448), ("2.52ms", 2.52), ("1.24s", 1240.0), ("1.50m", 90_000.0), (" 10.16ms ", 10.16)],
)
def test_time_units_are_converted_to_milliseconds(text, expected_ms):
    assert parse_time_ms(text) == pytest.approx(expected_ms)


@pytest.mark.parametrize("text", ["12.0", "3 ms", "1.0d", ""])
def test_a_time_without_a_known_unit_is_refused(text):
    with pytest.raises(WrkOutputError):
        parse_time_ms(text)


def test_hello_output_with_microsecond_median():
    result = parse_wrk_output(HELLO_MICROSECONDS)

    assert result.requests_per_second == pytest.approx(1941.74)
    assert result.p50_ms == pytest.approx(0.448)
    assert result.p99_ms == pytest.approx(2.52)
    assert result.requests == 3885
    assert result.duration_ms == pytest.approx(2000.0)
    assert result.non_2xx == 0
    assert result.statuses == {"1xx": 0, "2xx": 3885, "3xx": 0, "4xx": 0, "5xx": 0, "other": 0}
    assert result.socket_errors == {}


def test_latencies_in_seconds():
    result = parse_wrk_output(SLOW_SECONDS)

    assert result.p50_ms == pytest.approx(1240.0)
    assert result.p99_ms == pytest.approx(1240.0)
    assert result.requests_per_second == pytest.approx(2.66)
    assert result.duration_ms == pytest.approx(3010.0)
    assert result.non_2xx == 0


def test_redirects_count_as_non_2xx_through_the_counter_script():
    result = parse_wrk_output(REDIRECTS_WITH_COUNTER)

    assert result.non_2xx == 322
    assert result.statuses["3xx"] == 322
    assert result.p50_ms == pytest.approx(43.97)


def test_without_the_counter_script_wrks_own_error_count_is_used():
    result = parse_wrk_output(NOT_FOUND_WITHOUT_COUNTER)

    assert result.non_2xx == 341
    assert result.statuses == {}


def test_socket_errors_are_read():
    result = parse_wrk_output(TIMEOUTS)

    assert result.socket_errors == {"connect": 0, "read": 0, "write": 0, "timeout": 4}
    assert result.socket_error_total == 4
    assert result.p99_ms == 0.0


def test_output_without_latency_distribution_is_refused():
    with pytest.raises(WrkOutputError, match="--latency"):
        parse_wrk_output(WITHOUT_LATENCY_FLAG)


def test_output_of_a_failed_wrk_is_refused():
    with pytest.raises(WrkOutputError, match="Requests/sec"):
        parse_wrk_output("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_ratios_and_problems_name_the_page_that_answered_errors():
    hello = PageResult("hello", "/bench/hello", "", False, requests_per_second=4000.0, requests=100, non_2xx=0)
    rows50 = PageResult("rows50", "/bench/rows50", "", False, requests_per_second=400.0, requests=100, non_2xx=0)
    parsed = parse_wrk_output(REDIRECTS_WITH_COUNTER)
    page = PageResult(
        "staff",
        "/staff/",
        "",
        True,
        requests_per_second=parsed.requests_per_second,
        requests=parsed.requests,
        non_2xx=parsed.non_2xx,
        statuses=parsed.statuses,
        probe_status=302,
    )

    ratios_fill([hello, rows50, page])

    assert hello.ratio_to_hello == 1.0
    assert rows50.ratio_to_hello == pytest.approx(0.1)
    assert page.ratio_to_rows50 == pytest.approx(160.38 / 400.0)
    assert problems([hello, rows50, page], []) == [
        "staff: 322 of 322 responses were not 2xx (3xx 322); a single request answered 302"
    ]
    assert [row[1] for row in page_rows([hello, rows50, page])] == ["4,000.0", "400.0", "160.4 *"]
