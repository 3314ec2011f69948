"""Public pages of the programs app: the catalogue, a call's page and the eligibility self-check.

No login: anyone may read the calls and check eligibility. Views read through selectors and render.
"""

from dataclasses import dataclass
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from .eligibility import EligibilityResult, check_eligibility
from .enums import CallStatus, DocumentType, Outcome, Verdict
from .forms import SelfCheckForm
from .models import Call
from .selectors import PHASE_CLOSED, PHASE_OPEN, PHASE_UPCOMING, call_detail, catalogue_calls, open_calls

# Icon + text for every outcome and verdict: colour is never the only signal.
OUTCOME_ICONS = {Outcome.PASS: "✓", Outcome.FAIL: "✗", Outcome.UNKNOWN: "?"}
VERDICT_ICONS = {Verdict.ELIGIBLE: "✓", Verdict.INELIGIBLE: "✗", Verdict.NEEDS_EVIDENCE: "?"}


def apply_url(call_code: str) -> str | None:
    """The application page of a call, once the applications app serves one; ``None`` until then."""
    try:
        return reverse("applications:apply", args=[call_code])
    except NoReverseMatch:
        return None


def days_left(call: Call, today: date) -> int:
    """Whole days from today to the closing day, both in Asia/Seoul (0 on the closing day)."""
    return (timezone.localtime(call.closes_at).date() - today).days


def call_phase(call: Call, now) -> int:
    if call.is_open(now):
        return PHASE_OPEN
    if call.status == CallStatus.PUBLISHED and call.opens_at > now:
        return PHASE_UPCOMING
    return PHASE_CLOSED


def _decorate(call: Call, *, now, today: date) -> Call:
    """Adds what the templates show beside the stored fields."""
    call.phase = getattr(call, "phase", None)
    if call.phase is None:
        call.phase = call_phase(call, now)
    call.is_open_now = call.phase == PHASE_OPEN
    call.is_upcoming = call.phase == PHASE_UPCOMING
    call.days_left = days_left(call, today)
    call.apply_url = apply_url(call.code) if call.phase == PHASE_OPEN else None
    return call


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    today = timezone.localdate(now)
    groups: dict[int, list[Call]] = {PHASE_OPEN: [], PHASE_UPCOMING: [], PHASE_CLOSED: []}
    for call in catalogue_calls(at=now):
        groups[call.phase].append(_decorate(call, now=now, today=today))
    return render(
        request,
        "programs/catalogue.html",
        {
            "open_calls": groups[PHASE_OPEN],
            "upcoming_calls": groups[PHASE_UPCOMING],
            "closed_calls": groups[PHASE_CLOSED],
        },
    )


@require_safe
def call_page(request: HttpRequest, code: str) -> HttpResponse:
    call = call_detail(code=code)
    if call is None:
        raise Http404("No such call.")
    now = timezone.now()
    _decorate(call, now=now, today=timezone.localdate(now))
    return render(
        request,
        "programs/call_detail.html",
        {
            "call": call,
            "program": call.program,
            "rules": list(call.eligibility_rules.all()),
            "items": list(call.support_items.all()),
        },
    )


@dataclass(frozen=True)
class RuleRow:
    outcome: Outcome
    icon: str
    label: str
    requirement: str  # the rule as the call states it (from the call's data, in the active language)
    message: str  # the engine's reason for this company
    evidence: str | None


@dataclass(frozen=True)
class CallVerdict:
    """One open call's answer, ready for the page."""

    call: Call
    result: EligibilityResult
    icon: str
    label: str
    rules: list[RuleRow]
    missing_evidence: list[str]
    required_documents: list[str]
    apply_url: str | None


def call_verdict(call: Call, result: EligibilityResult) -> CallVerdict:
    rules = [
        RuleRow(
            outcome=Outcome(rule.outcome),
            icon=OUTCOME_ICONS[Outcome(rule.outcome)],
            label=str(Outcome(rule.outcome).label),
            requirement=rule.requirement,
            message=rule.message,
            evidence=str(DocumentType(rule.evidence_document).label) if rule.evidence_document else None,
        )
        for rule in result.rules
    ]
    missing = list(dict.fromkeys(str(DocumentType(doc).label) for doc in result.missing_evidence))
    verdict = Verdict(result.verdict)
    return CallVerdict(
        call=call,
        result=result,
        icon=VERDICT_ICONS[verdict],
        label=str(verdict.label),
        rules=rules,
        missing_evidence=missing,
        required_documents=[label for label in call.required_document_labels() if label not in missing],
        apply_url=apply_url(call.code) if verdict != Verdict.INELIGIBLE else None,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def eligibility_check(request: HttpRequest) -> HttpResponse:
    """The self-check is posted (with the CSRF token) and answered on the same page: what a company enters, its
    business number among it, stays out of URLs and so out of access logs, proxies and the browser's history. A GET
    shows the empty form, whatever its query string."""
    now = timezone.now()
    bound = request.method == "POST"
    form = SelfCheckForm(request.POST if bound else None, today=timezone.localdate(now))
    verdicts: list[CallVerdict] | None = None
    if bound and form.is_valid():
        verdicts = []
        for call in open_calls(at=now):
            _decorate(call, now=now, today=form.today)
            verdicts.append(call_verdict(call, check_eligibility(form.facts, call)))
    return render(
        request,
        "programs/eligibility.html",
        {"form": form, "verdicts": verdicts, "error_summary": form.error_summary() if bound else []},
    )
