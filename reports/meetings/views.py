"""The pages of the results meeting: the public meeting and agenda; the company's registration and survey;
the staff pages (meeting and agenda, questions, registrations and attendance, the survey's results and export)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.forms.errors import add_service_errors
from applications.review.permissions import staff_required
from applications.views.common import member_required
from portal import exports

from . import selectors, services
from .forms import AgendaItemForm, MeetingForm, QuestionForm, RegistrationForm, SurveyForm
from .models import AgendaItem, Question, Registration


def _posted_id(request: HttpRequest, name: str) -> int:
    """A posted row id, or 0 (no row) when it is missing or not a number."""
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else 0


# --- Public -----------------------------------------------------------------------------------------------------


def meeting_latest(request: HttpRequest) -> HttpResponse:
    meeting = selectors.meeting_latest()
    if meeting is None:
        return render(request, "meetings/public_meeting.html", {"meeting": None})
    return redirect("meetings:public", year=meeting.year)


def meeting_public(request: HttpRequest, year: int) -> HttpResponse:
    meeting = selectors.meeting_for_year(year)
    return render(request, "meetings/public_meeting.html", {"meeting": meeting, "agenda": meeting.agenda.all()})


# --- Company ----------------------------------------------------------------------------------------------------


def _company_context(request, meeting, *, registration_form=None, survey_form=None, error="") -> dict:
    company = request.membership.company
    registration = selectors.company_registration(meeting=meeting, company=company)
    response = selectors.company_response(meeting=meeting, company=company)
    registered = registration is not None and registration.state == services.R.REGISTERED
    questions = selectors.questions_of(meeting) if registered and response is None else []
    active = registration is not None and registration.state != services.R.CANCELLED
    return {
        "meeting": meeting,
        "agenda": meeting.agenda.all(),
        "company": company,
        "registration": registration,
        "active": active,
        "can_register": not active and meeting.registration_open(),
        "can_cancel": active and timezone.now() < meeting.starts_at,
        "registration_form": registration_form or RegistrationForm(),
        "response": response,
        "survey_form": survey_form or (SurveyForm(questions=questions) if questions else None),
        "error": error,
    }


@member_required
def company_meeting(request: HttpRequest, year: int) -> HttpResponse:
    meeting = selectors.meeting_for_year(year)
    company = request.membership.company
    if request.method != "POST":
        return render(request, "meetings/company_meeting.html", _company_context(request, meeting))
    action = request.POST.get("action", "")
    try:
        if action == "register":
            form = RegistrationForm(request.POST)
            if form.is_valid():
                try:
                    registration = services.registration_register(
                        meeting=meeting, company=company, acting_user=request.user, **form.cleaned_data
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    if registration.state == services.R.REGISTERED:
                        messages.success(request, _("Your company is registered for the meeting."))
                    else:
                        messages.info(request, _("The meeting is full: your company is on the waiting list."))
                    return redirect("meetings:company", year=year)
            context = _company_context(request, meeting, registration_form=form)
            return render(request, "meetings/company_meeting.html", context, status=400)
        if action == "cancel":
            registration = selectors.company_registration(meeting=meeting, company=company)
            if registration is None:
                raise Http404
            services.registration_cancel(registration=registration, acting_user=request.user)
            messages.success(request, _("Your registration is cancelled."))
            return redirect("meetings:company", year=year)
        if action == "survey":
            form = SurveyForm(request.POST, questions=selectors.questions_of(meeting))
            if form.is_valid():
                try:
                    services.survey_answer(
                        meeting=meeting, company=company, acting_user=request.user, answers=form.answers()
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("Thank you: your answers were saved."))
                    return redirect("meetings:company", year=year)
            context = _company_context(request, meeting, survey_form=form)
            return render(request, "meetings/company_meeting.html", context, status=400)
    except ValidationError as error:
        context = _company_context(request, meeting, error=" ".join(error.messages))
        return render(request, "meetings/company_meeting.html", context, status=400)
    except PermissionDenied as error:
        raise Http404 from error
    raise Http404


# --- Staff ------------------------------------------------------------------------------------------------------


@staff_required
def staff_list(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting = services.meeting_save(acting_user=request.user, data=form.meeting_input())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The meeting was created. Add its agenda and survey."))
                return redirect("meetings_staff:meeting", year=meeting.year)
        context = {"meetings": list(selectors.staff_meetings()), "form": form}
        return render(request, "meetings/staff_list.html", context, status=400)
    return render(request, "meetings/staff_list.html", {"meetings": list(selectors.staff_meetings()), "form": form})


def _staff_meeting_context(meeting, *, form=None, agenda_form=None, question_form=None, error="") -> dict:
    return {
        "meeting": meeting,
        "form": form or MeetingForm(instance=meeting),
        "agenda_form": agenda_form or AgendaItemForm(initial={"order": len(meeting.agenda.all()) + 1}),
        "question_form": question_form or QuestionForm(initial={"order": len(meeting.questions.all()) + 1}),
        "answered": meeting.responses.exists(),
        "error": error,
    }


@staff_required
def staff_meeting(request: HttpRequest, year: int) -> HttpResponse:
    meeting = selectors.staff_meeting(year)
    if request.method != "POST":
        return render(request, "meetings/staff_meeting.html", _staff_meeting_context(meeting))
    action = request.POST.get("action", "")
    context = None
    try:
        if action == "meeting":
            form = MeetingForm(request.POST, instance=selectors.staff_meeting(year))
            if form.is_valid():
                try:
                    meeting = services.meeting_save(
                        acting_user=request.user, data=form.meeting_input(), meeting=meeting
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The meeting was saved."))
                    return redirect("meetings_staff:meeting", year=meeting.year)
            context = _staff_meeting_context(meeting, form=form)
        elif action == "agenda_add":
            form = AgendaItemForm(request.POST)
            if form.is_valid():
                try:
                    services.agenda_item_add(meeting=meeting, acting_user=request.user, **form.cleaned_data)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The agenda item was added."))
                    return redirect("meetings_staff:meeting", year=year)
            context = _staff_meeting_context(meeting, agenda_form=form)
        elif action == "agenda_delete":
            item = get_object_or_404(AgendaItem, meeting=meeting, pk=_posted_id(request, "item"))
            services.agenda_item_delete(item=item, acting_user=request.user)
            messages.success(request, _("The agenda item was removed."))
            return redirect("meetings_staff:meeting", year=year)
        elif action == "question_add":
            form = QuestionForm(request.POST)
            if form.is_valid():
                try:
                    services.question_add(meeting=meeting, acting_user=request.user, **form.cleaned_data)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The question was added."))
                    return redirect("meetings_staff:meeting", year=year)
            context = _staff_meeting_context(meeting, question_form=form)
        elif action == "question_delete":
            question = get_object_or_404(Question, meeting=meeting, pk=_posted_id(request, "question"))
            services.question_delete(question=question, acting_user=request.user)
            messages.success(request, _("The question was removed."))
            return redirect("meetings_staff:meeting", year=year)
        else:
            raise Http404
    except ValidationError as error:
        context = _staff_meeting_context(meeting, error=" ".join(error.messages))
    return render(request, "meetings/staff_meeting.html", context, status=400)


@staff_required
def staff_registrations(request: HttpRequest, year: int) -> HttpResponse:
    meeting = selectors.staff_meeting(year)
    error = ""
    if request.method == "POST":
        registration = get_object_or_404(Registration, meeting=meeting, pk=_posted_id(request, "registration"))
        action = request.POST.get("action", "")
        try:
            if action in ("check_in", "undo_check_in"):
                services.registration_check_in(
                    registration=registration, acting_user=request.user, present=action == "check_in"
                )
            elif action == "cancel":
                services.registration_cancel(registration=registration, acting_user=request.user)
            else:
                raise Http404
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("meetings_staff:registrations", year=year)
    registrations = selectors.registrations_of(meeting)
    R = services.R
    context = {
        "meeting": meeting,
        "registered": [r for r in registrations if r.state == R.REGISTERED],
        "waitlisted": [r for r in registrations if r.state == R.WAITLISTED],
        "cancelled": [r for r in registrations if r.state == R.CANCELLED],
        "people": sum(r.attendees for r in registrations if r.state == R.REGISTERED),
        "present": sum(r.attendees for r in registrations if r.state == R.REGISTERED and r.checked_in_at),
        "error": error,
    }
    return render(request, "meetings/staff_registrations.html", context, status=400 if error else 200)


@staff_required
def staff_results(request: HttpRequest, year: int) -> HttpResponse:
    meeting = selectors.staff_meeting(year)
    results, responses = selectors.survey_results(meeting)
    return render(
        request, "meetings/staff_results.html", {"meeting": meeting, "results": results, "responses": responses}
    )


def _table(meeting) -> list[list]:
    questions, responses = selectors.export_rows(meeting)
    header = [_("Company"), _("Answered by"), _("Answered at"), *[q.text for q in questions]]
    rows = [header]
    for response in responses:
        by_question = {a.question_id: a for a in response.answers.all()}
        values = []
        for question in questions:
            answer = by_question.get(question.pk)
            if answer is None:
                values.append("")
            else:
                values.append(answer.scale if answer.scale is not None else answer.choice or answer.text)
        answered_at = timezone.localtime(response.answered_at).strftime("%Y-%m-%d %H:%M")
        rows.append([response.company.name, response.answered_by.full_name, answered_at, *values])
    return rows


@staff_required
def staff_export(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    meeting = selectors.staff_meeting(year)
    if fmt == "csv":
        content, content_type = exports.csv_bytes(_table(meeting)), exports.CSV_CONTENT_TYPE
    elif fmt == "xlsx":
        content, content_type = exports.xlsx_bytes(_("Survey"), _table(meeting)), exports.XLSX_CONTENT_TYPE
    else:
        raise Http404
    return exports.download(content, content_type=content_type, filename=f"meeting-{meeting.year}-survey.{fmt}")
