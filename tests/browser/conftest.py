"""Every document a browser test loads passes axe-core (tests/browser/axe.py)."""

import pytest

from tests.browser.axe import TALLY


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """After the test body: check what the pages still show, then fail the test on any finding of the run."""
    result = yield
    audit = item.funcargs.get("accessibility_audit")
    if audit is not None:
        findings = audit.finish()
        assert not findings, f"axe-core found {len(findings)} serious or critical problem(s):\n" + "\n".join(findings)
    return result


def pytest_terminal_summary(terminalreporter) -> None:
    if TALLY.tests:
        terminalreporter.write_line(
            f"axe-core checked {TALLY.documents} documents ({len(TALLY.addresses)} distinct pages and languages) "
            f"in {TALLY.tests} browser tests"
        )
