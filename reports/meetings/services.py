"""The writes of the results meeting: the meeting and its agenda, registration with a waiting list, cancellation,
check-in and the survey. Keyword-only, each in one transaction; notifications are written in the transaction
and queued on commit.

Places are counted in people (each registration brings 1 to ``MAX_ATTENDEES``). Every write that changes who
holds a place locks the meeting's row first (``select_for_update``), so two registrations for the last place are
serialised: the second sees the first and goes to the waiting list. The waiting list is first come, first served:
when places free up (a cancellation, a larger capacity) the first waiting registrations are registered as long
as they fit, and the queue stops at the first that does not (nobody overtakes it).
"""

from dataclasses import dataclass
from datetime import datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Company
from applications.permissions import is_member
from applications.review.permissions import is_staff_user

from .enums import QuestionKind, RegistrationState
from .events import notify_registration
from .models import MAX_ATTENDEES, AgendaItem, Answer, Meeting, Question, Registration, Response

R = RegistrationState


@dataclass(frozen=True)
class MeetingInput:
    year: int
    title_ko: str
    title_en: str
    starts_at: datetime
    place: str
    capacity: int
    registration_opens: datetime
    registration_closes: datetime


def _require_staff(user) -> None:
    if not is_staff_user(user):
        raise PermissionDenied(_("Only Technopark staff may manage the results meeting."))


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def places_taken(meeting: Meeting) -> int:
    """People of the registered registrations (call with the meeting's row locked when the answer decides)."""
    total = Registration.objects.filter(meeting=meeting, state=R.REGISTERED).aggregate(total=Sum("attendees"))
    return total["total"] or 0


def _promote(meeting: Meeting) -> list[Registration]:
    """Register the first waiting registrations while they fit; the meeting's row is locked by the caller."""
    free = meeting.capacity - places_taken(meeting)
    promoted = []
    for registration in Registration.objects.filter(meeting=meeting, state=R.WAITLISTED).order_by("created_at", "pk"):
        if registration.attendees > free:
            break
        registration.state = R.REGISTERED
        registration.save(update_fields=["state"])
        free -= registration.attendees
        promoted.append(registration)
    for registration in promoted:
        notify_registration(event="meeting_place_offered", registration=registration)
    return promoted


@transaction.atomic
def meeting_save(*, acting_user, data: MeetingInput, meeting: Meeting | None = None) -> Meeting:
    """Create the year's meeting or change it. A capacity below the people already registered is refused; a
    larger one registers the waiting list as far as it fits."""
    _require_staff(acting_user)
    errors: dict[str, list[str]] = {}
    if data.registration_closes <= data.registration_opens:
        errors.setdefault("registration_closes", []).append(_("Registration must close after it opens."))
    if data.registration_closes > data.starts_at:
        errors.setdefault("registration_closes", []).append(_("Registration must close before the meeting starts."))
    if data.capacity < 1:
        errors.setdefault("capacity", []).append(_("The capacity must be at least one person."))
    if not data.title_ko.strip():
        errors.setdefault("title_ko", []).append(_("Enter the title in Korean."))
    if not data.place.strip():
        errors.setdefault("place", []).append(_("Enter the place."))
    same_year = Meeting.objects.filter(year=data.year)
    if meeting is not None:
        meeting = _locked(meeting)
        same_year = same_year.exclude(pk=meeting.pk)
        taken = places_taken(meeting)
        if data.capacity < taken:
            errors.setdefault("capacity", []).append(
                _("%(taken)d people are registered already; the capacity cannot be lower.") % {"taken": taken}
            )
    if same_year.exists():
        errors.setdefault("year", []).append(_("There is a meeting for %(year)d already.") % {"year": data.year})
    if errors:
        raise ValidationError(errors)
    meeting = meeting or Meeting()
    for name, value in vars(data).items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    meeting.save()
    _promote(meeting)
    return meeting


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, acting_user, order: int, starts_at: time, kind: str, title_ko: str, title_en: str, speaker: str
) -> AgendaItem:
    _require_staff(acting_user)
    if not title_ko.strip():
        raise ValidationError({"title_ko": [_("Enter the title in Korean.")]})
    return AgendaItem.objects.create(
        meeting=meeting,
        order=order,
        starts_at=starts_at,
        kind=kind,
        title_ko=title_ko.strip(),
        title_en=title_en.strip(),
        speaker=speaker.strip(),
    )


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, acting_user) -> None:
    _require_staff(acting_user)
    item.delete()


def _survey_fixed(meeting: Meeting) -> None:
    if Response.objects.filter(meeting=meeting).exists():
        raise ValidationError(
            _("A company has answered the survey already: its questions can no longer be added or removed."),
            code="answered",
        )


@transaction.atomic
def question_add(
    *, meeting: Meeting, acting_user, order: int, text_ko: str, text_en: str, kind: str, choices: str, required: bool
) -> Question:
    """A question of the survey; only while no company has answered (answers stay comparable)."""
    _require_staff(acting_user)
    meeting = _locked(meeting)
    _survey_fixed(meeting)
    question = Question(
        meeting=meeting,
        order=order,
        text_ko=text_ko.strip(),
        text_en=text_en.strip(),
        kind=kind,
        choices=choices.strip() if kind == QuestionKind.CHOICE else "",
        required=required,
    )
    errors: dict[str, list[str]] = {}
    if not question.text_ko:
        errors["text_ko"] = [_("Enter the question in Korean.")]
    if kind not in QuestionKind.values:
        errors["kind"] = [_("Choose the kind of question.")]
    elif kind == QuestionKind.CHOICE and len(question.choice_list) < 2:
        errors["choices"] = [_("A question with choices needs at least two choices, one a line.")]
    if errors:
        raise ValidationError(errors)
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question, acting_user) -> None:
    _require_staff(acting_user)
    _locked(question.meeting)
    _survey_fixed(question.meeting)
    question.delete()


@transaction.atomic
def registration_register(
    *, meeting: Meeting, company: Company, acting_user, attendees: int, attendee_names: str = ""
) -> Registration:
    """A member registers the company: registered while places remain and nobody waits, else on the waiting list."""
    if not is_member(acting_user, company):
        raise PermissionDenied(_("Only a member of the company may register it."))
    meeting = _locked(meeting)
    errors: dict[str, list[str]] = {}
    if not meeting.registration_open():
        raise ValidationError(_("Registration for this meeting is not open."), code="closed")
    if not 1 <= attendees <= MAX_ATTENDEES:
        errors["attendees"] = [
            _("A company may bring from 1 to %(max)d people.") % {"max": MAX_ATTENDEES},
        ]
    if len(attendee_names) > 300:
        errors["attendee_names"] = [_("The names may be at most 300 characters long.")]
    if errors:
        raise ValidationError(errors)
    registration = Registration.objects.filter(meeting=meeting, company=company).first()
    if registration is not None and registration.state != R.CANCELLED:
        raise ValidationError(_("Your company is registered for this meeting already."), code="registered")
    someone_waits = Registration.objects.filter(meeting=meeting, state=R.WAITLISTED).exists()
    fits = places_taken(meeting) + attendees <= meeting.capacity
    state = R.REGISTERED if fits and not someone_waits else R.WAITLISTED
    registration = registration or Registration(meeting=meeting, company=company)
    registration.registered_by = acting_user
    registration.attendees = attendees
    registration.attendee_names = attendee_names.strip()
    registration.state = state
    registration.created_at = timezone.now()
    registration.cancelled_at = None
    registration.checked_in_at = None
    registration.checked_in_by = None
    registration.save()
    notify_registration(event="meeting_registered", registration=registration)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, acting_user) -> list[Registration]:
    """A member of the company (or staff) cancels; a freed place goes to the waiting list. Returns who was
    registered from the waiting list."""
    if not (is_member(acting_user, registration.company) or is_staff_user(acting_user)):
        raise PermissionDenied(_("Only a member of the company may cancel its registration."))
    meeting = _locked(registration.meeting)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.state == R.CANCELLED:
        raise ValidationError(_("This registration is cancelled already."), code="cancelled")
    if timezone.now() >= meeting.starts_at:
        raise ValidationError(_("The meeting has started: the registration can no longer be cancelled."), code="past")
    registration.state = R.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["state", "cancelled_at"])
    return _promote(meeting)


@transaction.atomic
def registration_check_in(*, registration: Registration, acting_user, present: bool = True) -> Registration:
    """Staff mark a registered company present at the door (or undo it)."""
    _require_staff(acting_user)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.state != R.REGISTERED:
        raise ValidationError(_("Only a registered company can be checked in."), code="not_registered")
    registration.checked_in_at = timezone.now() if present else None
    registration.checked_in_by = acting_user if present else None
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return registration


def question_field(question: Question) -> str:
    return f"question_{question.pk}"


def _answer_for(question: Question, value) -> tuple[Answer | None, str]:
    """The answer to one question from what was typed, or the error (naming the question)."""
    raw = "" if value is None else str(value).strip()
    if not raw:
        if question.required:
            return None, _("Answer the question “%(question)s”.") % {"question": question.text}
        return None, ""
    if question.kind == QuestionKind.CHOICE:
        if raw not in question.choice_list:
            return None, _("Choose one of the offered answers to “%(question)s”.") % {"question": question.text}
        return Answer(question=question, choice=raw), ""
    if question.kind == QuestionKind.SCALE:
        if raw not in {"1", "2", "3", "4", "5"}:
            return None, _("Answer “%(question)s” with a number from 1 to 5.") % {"question": question.text}
        return Answer(question=question, scale=int(raw)), ""
    if len(raw) > 2000:
        return None, _("The answer to “%(question)s” may be at most 2000 characters long.") % {
            "question": question.text
        }
    return Answer(question=question, text=raw), ""


@transaction.atomic
def survey_answer(*, meeting: Meeting, company: Company, acting_user, answers: dict[int, object]) -> Response:
    """The company's one answer to the survey, all questions at once: nothing is saved while any answer is
    missing or wrong (the errors are keyed ``question_<id>``). Only a registered company answers, once."""
    if not is_member(acting_user, company):
        raise PermissionDenied(_("Only a member of the company may answer for it."))
    registration = (
        Registration.objects.select_for_update().filter(meeting=meeting, company=company, state=R.REGISTERED).first()
    )
    if registration is None:
        raise ValidationError(_("Only a company registered for the meeting answers the survey."), code="not_registered")
    if Response.objects.filter(meeting=meeting, company=company).exists():
        raise ValidationError(_("Your company has answered this survey already."), code="answered")
    questions = list(Question.objects.filter(meeting=meeting).order_by("order", "pk"))
    if not questions:
        raise ValidationError(_("This meeting has no survey."), code="no_survey")
    rows, errors = [], {}
    for question in questions:
        answer, error = _answer_for(question, answers.get(question.pk))
        if error:
            errors[question_field(question)] = [error]
        elif answer is not None:
            rows.append(answer)
    if errors:
        raise ValidationError(errors)
    response = Response.objects.create(meeting=meeting, company=company, answered_by=acting_user)
    for answer in rows:
        answer.response = response
    Answer.objects.bulk_create(rows)
    return response
