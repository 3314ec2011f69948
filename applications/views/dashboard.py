"""The company dashboard: its applications with their status and timeline, what is needed now, and the open calls
the company is eligible for (the engine run over every open call with the company's facts)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from applications.agreements import selectors as agreement_selectors
from applications.funding import selectors as funding_selectors
from applications.outcomes import selectors as outcome_selectors
from applications.progress import selectors as progress_selectors
from programs.eligibility import check_eligibility
from programs.enums import Verdict
from programs.selectors import open_calls

from ..selectors import company_applications, user_company, vault_documents
from ..workflow import ApplicationStatus
from .common import member_required

FILED_SHOWN = 20
VERDICT_ORDER = {Verdict.ELIGIBLE: 0, Verdict.NEEDS_EVIDENCE: 1, Verdict.INELIGIBLE: 2}


@member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    company = user_company(user=request.user)
    today = timezone.localdate()
    now = timezone.now()
    applications = list(company_applications(user=request.user))
    needed = []
    for application in applications:
        history = list(application.status_changes.all())
        application.timeline = history
        if application.status == ApplicationStatus.REVISION_REQUESTED:
            request_row = next(
                (c for c in reversed(history) if c.to_status == ApplicationStatus.REVISION_REQUESTED), None
            )
            needed.append({"kind": "revision", "application": application, "change": request_row})
        elif application.status == ApplicationStatus.DRAFT and application.call.closes_at > now:
            needed.append({"kind": "draft", "application": application})
    # After selection: what is due next from each app that owns it (one query each), and what was filed.
    after_selection = (agreement_selectors, progress_selectors, funding_selectors, outcome_selectors)
    due = sorted(
        (item for selectors in after_selection for item in selectors.company_due_items(company=company, today=today)),
        key=lambda item: (item.due_on is None, item.due_on or today),
    )
    filed = sorted(
        (item for selectors in after_selection for item in selectors.company_filed_items(company=company)),
        key=lambda item: item.at,
        reverse=True,
    )[:FILED_SHOWN]
    documents = [
        {"document": document, "expired": document.is_expired(today)}
        for document in vault_documents(user=request.user)
        if document.is_expired(today) or document.is_expiring(today)
    ]
    applied = {application.call_id for application in applications}
    facts = company.to_facts(on=today)
    calls = []
    for call in open_calls(at=now):
        if call.pk in applied:
            continue
        result = check_eligibility(facts, call)
        calls.append({"call": call, "result": result})
    calls.sort(key=lambda row: (VERDICT_ORDER[row["result"].verdict], row["call"].closes_at))
    context = {
        "company": company,
        "applications": applications,
        "needed": needed,
        "due": due,
        "filed": filed,
        "documents": documents,
        "calls": [row for row in calls if row["result"].verdict != Verdict.INELIGIBLE],
        "ineligible_calls": [row for row in calls if row["result"].verdict == Verdict.INELIGIBLE],
        "today": today,
    }
    return render(request, "applications/dashboard.html", context)
