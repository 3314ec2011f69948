"""The reads of the results meeting: the public meeting with its agenda, the company's registration and answers,
the staff lists and the survey's results (each a fixed number of queries)."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from applications.models import Company

from .enums import QuestionKind, RegistrationState
from .models import Answer, Meeting, Question, Registration, Response

R = RegistrationState


def meeting_for_year(year: int) -> Meeting:
    """The meeting with its agenda in order (two queries)."""
    return get_object_or_404(Meeting.objects.prefetch_related("agenda"), year=year)


def meeting_latest() -> Meeting | None:
    return Meeting.objects.order_by("-year").first()


def staff_meetings() -> QuerySet[Meeting]:
    """Every meeting with its counts of registered people, waiting companies, attendance and answers."""
    return Meeting.objects.annotate(
        registered_people=Sum("registrations__attendees", filter=Q(registrations__state=R.REGISTERED)),
        registered_companies=Count("registrations", filter=Q(registrations__state=R.REGISTERED), distinct=True),
        waitlisted_companies=Count("registrations", filter=Q(registrations__state=R.WAITLISTED), distinct=True),
        checked_in_companies=Count(
            "registrations", filter=Q(registrations__checked_in_at__isnull=False), distinct=True
        ),
        response_count=Count("responses", distinct=True),
    ).order_by("-year")


def staff_meeting(year: int) -> Meeting:
    """The meeting with its agenda and questions (three queries)."""
    return get_object_or_404(Meeting.objects.prefetch_related("agenda", "questions"), year=year)


def registrations_of(meeting: Meeting) -> list[Registration]:
    """Every registration of the meeting in queue order, with its company and people (one query)."""
    return list(
        Registration.objects.filter(meeting=meeting)
        .select_related("company", "registered_by", "checked_in_by")
        .order_by("created_at", "pk")
    )


def company_registration(*, meeting: Meeting, company: Company) -> Registration | None:
    return Registration.objects.filter(meeting=meeting, company=company).first()


def company_response(*, meeting: Meeting, company: Company) -> Response | None:
    return (
        Response.objects.filter(meeting=meeting, company=company)
        .select_related("answered_by")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .first()
    )


def questions_of(meeting: Meeting) -> list[Question]:
    return list(Question.objects.filter(meeting=meeting).order_by("order", "pk"))


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    choices: list[tuple[str, int]] = field(default_factory=list)
    scale_counts: list[tuple[int, int]] = field(default_factory=list)
    average: float | None = None
    texts: list[tuple[str, str]] = field(default_factory=list)


def survey_results(meeting: Meeting) -> tuple[list[QuestionResult], int]:
    """Per question: counts per choice, the average and distribution of a scale, the text answers with their
    company; and the number of responses (three queries)."""
    questions = list(
        Question.objects.filter(meeting=meeting)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("response__company").order_by("response__answered_at", "pk"),
            )
        )
    )
    results = []
    for question in questions:
        answers = list(question.answers.all())
        result = QuestionResult(question=question, answered=len(answers))
        if question.kind == QuestionKind.CHOICE:
            result.choices = [(c, sum(1 for a in answers if a.choice == c)) for c in question.choice_list]
        elif question.kind == QuestionKind.SCALE:
            values = [a.scale for a in answers if a.scale is not None]
            result.scale_counts = [(n, values.count(n)) for n in range(1, 6)]
            result.average = round(sum(values) / len(values), 2) if values else None
        else:
            result.texts = [(a.response.company.name, a.text) for a in answers]
        results.append(result)
    return results, Response.objects.filter(meeting=meeting).count()


def export_rows(meeting: Meeting) -> tuple[list[Question], list[Response]]:
    """The questions and every response with its company, member and answers (three queries)."""
    questions = questions_of(meeting)
    responses = list(
        Response.objects.filter(meeting=meeting)
        .select_related("company", "answered_by")
        .prefetch_related("answers")
        .order_by("answered_at", "pk")
    )
    return questions, responses
