"""The company dashboard: its applications with their status and timeline, what is needed now, and the open calls
the company is eligible for (the engine run over every open call with the company's facts)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from applications.agreements.selectors import company_due_items as agreement_due_items
from applications.funding.selectors import company_due_items as funding_due_items
from applications.outcomes.selectors import company_due_items as outcome_due_items
from applications.progress.selectors import company_due_items as progress_due_items
from programs.eligibility import check_eligibility
from programs.enums import Verdict
from programs.selectors import open_calls

from ..selectors import company_applications, user_company, vault_documents
from ..workflow import ApplicationStatus
from .common import member_required

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
    due = sorted(
        [
            *agreement_due_items(company=company, today=today),
            *progress_due_items(company=company, today=today),
            *funding_due_items(company=company, today=today),
            *outcome_due_items(company=company, today=today),
        ],
        key=lambda item: (item.due_on is None, item.due_on or today),
    )
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
        "documents": documents,
        "calls": [row for row in calls if row["result"].verdict != Verdict.INELIGIBLE],
        "ineligible_calls": [row for row in calls if row["result"].verdict == Verdict.INELIGIBLE],
        "today": today,
    }
    return render(request, "applications/dashboard.html", context)
