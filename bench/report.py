"""Results of a run: the printed tables, results.json and results.md."""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class PageResult:
    name: str
    path: str
    description: str
    signed_in: bool
    requests_per_second: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    requests: int | None = None
    non_2xx: int | None = None
    statuses: dict[str, int] = field(default_factory=dict)
    socket_errors: dict[str, int] = field(default_factory=dict)
    # Status of one plain request before the load, so a redirect or error is named, not just counted.
    probe_status: int | None = None
    ratio_to_hello: float | None = None
    ratio_to_rows50: float | None = None
    error: str | None = None


@dataclass
class InProcessResult:
    name: str
    unit: str
    description: str
    operations_per_second: float | None = None
    operations: int | None = None
    calls: int | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    error: str | None = None


def ratios_fill(results: list[PageResult]) -> None:
    by_name = {result.name: result for result in results}
    for control, attribute in (("hello", "ratio_to_hello"), ("rows50", "ratio_to_rows50")):
        base = by_name.get(control)
        if base is None or not base.requests_per_second:
            continue
        for result in results:
            if result.requests_per_second is not None:
                setattr(result, attribute, result.requests_per_second / base.requests_per_second)


def _number(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


PAGE_HEADER = ["page", "requests/s", "p50 ms", "p99 ms", "non-2xx", "vs hello", "vs rows50"]
IN_PROCESS_HEADER = ["benchmark", "operations/s", "unit", "calls", "p50 ms/call", "p99 ms/call"]


def page_rows(results: list[PageResult]) -> list[list[str]]:
    rows = []
    for result in results:
        if result.error:
            rows.append([result.name, "error", "-", "-", "-", "-", "-"])
            continue
        # A page that answered errors or redirects is marked: its speed is not the page's speed.
        marker = " *" if result.non_2xx else ""
        rows.append(
            [
                result.name,
                _number(result.requests_per_second) + marker,
                _number(result.p50_ms, 2),
                _number(result.p99_ms, 2),
                _number(result.non_2xx),
                _ratio(result.ratio_to_hello),
                _ratio(result.ratio_to_rows50),
            ]
        )
    return rows


def in_process_rows(results: list[InProcessResult]) -> list[list[str]]:
    rows = []
    for result in results:
        if result.error:
            rows.append([result.name, "error", result.unit, "-", "-", "-"])
            continue
        rows.append(
            [
                result.name,
                _number(result.operations_per_second),
                result.unit,
                _number(result.calls),
                _number(result.p50_ms, 3),
                _number(result.p99_ms, 3),
            ]
        )
    return rows


def text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        # The first column (a name) is left-aligned, figures are right-aligned.
        return "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(cells)
        ).rstrip()

    return "\n".join([line(header), line(["-" * width for width in widths]), *(line(row) for row in rows)])


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    align = ["---", *["---:"] * (len(header) - 1)]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in [header, align, *rows])


INVALID_NOTE = "* answered responses other than 2xx: not a valid figure for the page"


def problems(pages: list[PageResult], in_process: list[InProcessResult]) -> list[str]:
    """Lines naming every page that answered errors or failed, for the end of the printout."""
    lines = []
    for result in pages:
        if result.error:
            lines.append(f"{result.name}: {result.error}")
        elif result.non_2xx:
            statuses = ", ".join(f"{name} {count}" for name, count in result.statuses.items() if count)
            lines.append(
                f"{result.name}: {result.non_2xx:,} of {result.requests:,} responses were not 2xx ({statuses}); "
                f"a single request answered {result.probe_status}"
            )
        if result.socket_errors and sum(result.socket_errors.values()):
            errors = ", ".join(f"{name} {count}" for name, count in result.socket_errors.items() if count)
            lines.append(f"{result.name}: socket errors ({errors})")
    lines += [f"{result.name}: {result.error}" for result in in_process if result.error]
    return lines


def results_write(
    *, directory: Path, meta: dict, pages: list[PageResult], in_process: list[InProcessResult]
) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    json_path = directory / "results.json"
    json_path.write_text(
        json.dumps(
            {"meta": meta, "pages": [asdict(r) for r in pages], "in_process": [asdict(r) for r in in_process]},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    md_path = directory / "results.md"
    parts = [
        f"Benchmark of {meta['started_at']} on {meta['machine']} (commit {meta['git_commit']}).",
        "",
        meta["setup"],
        "",
        markdown_table(PAGE_HEADER, page_rows(pages)),
    ]
    if in_process:
        parts += ["", "In-process:", "", markdown_table(IN_PROCESS_HEADER, in_process_rows(in_process))]
    issues = problems(pages, in_process)
    if issues:
        parts += ["", "Problems:", "", *(f"- {line}" for line in issues)]
    if any(result.non_2xx for result in pages):
        parts += ["", INVALID_NOTE.replace("*", "\\*", 1)]
    md_path.write_text("\n".join(parts) + "\n")
    return json_path, md_path
