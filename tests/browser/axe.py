"""axe-core in the browser tests: a page passes when axe finds nothing serious or critical.

axe-core comes bundled in the ``axe-playwright-python`` package (a dev dependency); it is injected into the page
under test, so no network is needed.
"""

from axe_playwright_python.sync_playwright import Axe

BLOCKING = ("serious", "critical")

_axe = Axe()


def accessibility_findings(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now, one line per rule and element."""
    results = _axe.run(page)
    findings = []
    for violation in results.response["violations"]:
        if violation.get("impact") not in BLOCKING:
            continue
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            findings.append(f"{violation['impact']} {violation['id']} at {target}: {summary}")
    return findings


def assert_accessible(page) -> None:
    """Fail, naming each finding, when axe-core finds a serious or critical problem on the page."""
    findings = accessibility_findings(page)
    assert not findings, f"axe-core on {page.url}:\n" + "\n".join(findings)
