"""axe-core in the browser tests: a page passes when axe finds nothing serious or critical.

axe-core comes bundled in the ``axe-playwright-python`` package (a dev dependency: the ``axe.min.js`` of the npm
package); it is put into every page under test, so no network is needed.

Every document a browser test loads is checked, not only those a test names with ``assert_accessible``. The
``chromium_browser`` fixture hands out contexts watched by the test's ``AccessibilityAudit``:

- an init script (``BrowserContext.add_init_script``: it runs in every document before the page's own scripts,
  whatever the CSP) holds axe-core and a runner that, once the document has loaded, runs axe and hands the result
  to Python through a binding (``BrowserContext.expose_binding``). The binding's callback only records: no
  Playwright call happens inside an event handler. Every navigation, every form post and its re-render, every
  popup is a new document, so each gets its run;
- each document announces itself first, so a document the test left before axe finished is known: one that came
  from a GET is opened again in a new page of the same context (same session) when the test body ends and checked
  there; one that answered a form post cannot be fetched again and fails the test as "not checked";
- when the test body ends, the audit awaits the run of what each open page still shows.

The findings fail the test (``tests/browser/conftest.py``), each with the page's address and language, and the run
prints how many documents were checked.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python
from playwright.sync_api import Error

BLOCKING = ("serious", "critical")
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text() + ";\n"

RUNNER = """
(() => {
  if (window.top !== window) return;
  const token = Math.random().toString(36).slice(2) + Date.now().toString(36);
  window.__a11yToken = token;
  const facts = () => ({token, url: location.href, lang: document.documentElement.lang || ""});
  let finished;
  window.__a11yRun = new Promise((resolve) => { finished = resolve; });
  document.addEventListener("DOMContentLoaded", () => {
    if (document.contentType === "text/html") window.__a11yAnnounce(facts());
  });
  // After the load event has run its course: axe's first steps are synchronous, and inside the listener they
  // would hold back the page's "load" that the tests wait for.
  window.addEventListener("load", () => setTimeout(() => {
    if (document.contentType !== "text/html") { finished(); return; }
    axe.run(document, {resultTypes: ["violations"]})
      .then((results) => window.__a11yReport({...facts(), violations: results.violations}),
            (error) => window.__a11yReport({...facts(), error: String(error)}))
      .finally(() => finished());
  }, 0));
})();
"""

CHECK_NOW = """async () => {
  await window.__a11yRun;
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return {token: window.__a11yToken, url: location.href, lang: document.documentElement.lang || "",
          violations: results.violations};
}"""


@dataclass
class RunTally:
    """What the audits of this pytest run checked, printed at the end of the run."""

    documents: int = 0
    addresses: set[str] = field(default_factory=set)
    tests: int = 0


TALLY = RunTally()


def label_of(report: dict) -> str:
    """The page's address (path and query) and the language it is shown in."""
    parts = urlsplit(report["url"])
    address = parts.path + (f"?{parts.query}" if parts.query else "")
    return f"{address} [{report['lang'] or 'no lang'}]"


def findings_of(report: dict) -> list[str]:
    """axe-core's serious and critical findings in a report, one line per rule and element."""
    findings = []
    for violation in report["violations"]:
        if violation.get("impact") not in BLOCKING:
            continue
        for node in violation["nodes"]:
            target = " ".join(json.dumps(part, ensure_ascii=False) for part in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            findings.append(f"{violation['impact']} {violation['id']} at {target}: {summary}")
    return findings


class AccessibilityAudit:
    """Checks every document loaded by the pages of the contexts it watches (one audit per test)."""

    current: "AccessibilityAudit | None" = None

    def __init__(self) -> None:
        self.findings: list[str] = []
        self.announced: dict[str, str] = {}  # token -> label of every document that loaded
        self.checked: set[str] = set()
        self.contexts: list = []
        self.methods: dict[str, str] = {}  # address of a document -> method of the request that loaded it
        self.pending: dict[str, tuple] = {}  # token -> (context, address) of documents not checked yet

    def watch(self, context) -> None:
        context.expose_binding("__a11yAnnounce", self._announced)
        context.expose_binding("__a11yReport", self._reported)
        context.add_init_script(AXE_SOURCE + RUNNER)
        context.on("request", self._requested)
        self.contexts.append(context)

    def _requested(self, request) -> None:
        # Only reads what the event carries: no Playwright call inside an event handler.
        if not request.is_navigation_request():
            return
        try:
            frame = request.frame
        except Error:
            return  # the first request of a popup has no frame yet: its document announces itself all the same
        if frame.parent_frame is None:
            self.methods[request.url] = request.method

    def _announced(self, source, facts: dict) -> None:
        self.announced.setdefault(facts["token"], label_of(facts))
        if facts["token"] not in self.checked:
            address = urlsplit(facts["url"])._replace(fragment="").geturl()
            # The method of the request that made this document (a later post to the same address overwrites it).
            self.pending[facts["token"]] = (source["context"], address, self.methods.get(address, "GET"))

    def _reported(self, source, report: dict) -> None:
        self.record(report)

    def record(self, report: dict) -> list[str]:
        label = label_of(report)
        self.announced.setdefault(report["token"], label)
        findings = [f"axe-core could not run: {report['error']}"] if report.get("error") else findings_of(report)
        self.pending.pop(report["token"], None)
        if report["token"] not in self.checked:
            self.checked.add(report["token"])
            TALLY.documents += 1
            TALLY.addresses.add(label)
        self.findings.extend(f"{label}: {finding}" for finding in findings)
        return findings

    def finish(self) -> list[str]:
        """Await the check of what open pages show; return every finding, and the documents left unchecked."""
        for context in self.contexts:
            for page in context.pages:
                if not page.is_closed() and page.url.startswith(("http://", "https://")):
                    page.wait_for_load_state()
                    page.evaluate("async () => { await window.__a11yRun; }")
        for token, (context, address, method) in list(self.pending.items()):
            label = self.announced[token]
            if method != "GET":
                self.findings.append(f"{label}: not checked: the test left the page before axe-core finished")
                continue
            again = context.new_page()
            again.goto(address)
            again.evaluate("async () => { await window.__a11yRun; }")
            again.close()
            self.pending.pop(token)
        TALLY.tests += 1
        return self.findings


class AuditedBrowser:
    """The session's Chromium, whose new contexts are watched by the test's audit and closed when it ends."""

    def __init__(self, browser, audit: AccessibilityAudit) -> None:
        self.browser = browser
        self.audit = audit
        self.contexts: list = []

    def new_context(self, **kwargs):
        context = self.browser.new_context(**kwargs)
        self.audit.watch(context)
        self.contexts.append(context)
        return context

    def new_page(self, **kwargs):
        return self.new_context(**kwargs).new_page()

    def close_contexts(self) -> None:
        for context in self.contexts:
            context.close()


def accessibility_findings(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now (after its own load-time check)."""
    report = page.evaluate(CHECK_NOW)
    if AccessibilityAudit.current is not None:
        return AccessibilityAudit.current.record(report)
    return findings_of(report)


def assert_accessible(page) -> None:
    """Fail now, naming each finding, when axe-core finds a serious or critical problem on the page as it is."""
    findings = accessibility_findings(page)
    label = label_of(page.evaluate("() => ({url: location.href, lang: document.documentElement.lang || ''})"))
    assert not findings, f"axe-core on {label}:\n" + "\n".join(findings)


def accessibility_checked(page) -> None:
    """Wait until axe-core has checked the document the page shows (it runs once the document has loaded). Before a
    step that needs the browser's full attention: opening the file chooser needs a key press that is recent."""
    page.evaluate("async () => { await window.__a11yRun; }")
