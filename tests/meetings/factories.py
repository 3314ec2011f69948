"""A results meeting open for registration (dates relative to now), a member of a new company, staff."""

from datetime import time, timedelta

from django.utils import timezone

from reports.meetings.enums import AgendaKind, QuestionKind
from reports.meetings.services import MeetingInput, agenda_item_add, meeting_save, question_add
from tests.applications.factories import CompanyFactory, CompanyMemberFactory
from tests.evaluation.factories import staff

_years = iter(range(2100, 3000))


def meeting_input(**changes) -> MeetingInput:
    now = timezone.now()
    data = {
        "year": next(_years),
        "title_ko": "성과보고회",
        "title_en": "Results meeting",
        "starts_at": now + timedelta(days=20),
        "place": "영천테크노파크 대회의실",
        "capacity": 50,
        "registration_opens": now - timedelta(days=1),
        "registration_closes": now + timedelta(days=18),
    }
    data.update(changes)
    return MeetingInput(**data)


def meeting(*, by=None, agenda: int = 0, **changes):
    by = by or staff()
    result = meeting_save(acting_user=by, data=meeting_input(**changes))
    for n in range(agenda):
        agenda_item_add(
            meeting=result,
            acting_user=by,
            order=n,
            starts_at=time(14, n % 60),
            kind=AgendaKind.RESULTS,
            title_ko=f"성과 발표 {n}",
            title_en=f"Results {n}",
            speaker="기업지원팀",
        )
    return result


def survey(meeting, *, by=None) -> list:
    """Three questions: a choice, a scale and an optional text."""
    by = by or staff()
    return [
        question_add(
            meeting=meeting,
            acting_user=by,
            order=1,
            text_ko="내년에 가장 필요한 지원은?",
            text_en="Which support do you need most?",
            kind=QuestionKind.CHOICE,
            choices="시제품 제작\n마케팅",
            required=True,
        ),
        question_add(
            meeting=meeting,
            acting_user=by,
            order=2,
            text_ko="만족도",
            text_en="Satisfaction",
            kind=QuestionKind.SCALE,
            choices="",
            required=True,
        ),
        question_add(
            meeting=meeting,
            acting_user=by,
            order=3,
            text_ko="기타 의견",
            text_en="Other opinions",
            kind=QuestionKind.TEXT,
            choices="",
            required=False,
        ),
    ]


def member(company=None):
    """A member of ``company`` (a new company by default)."""
    return CompanyMemberFactory(company=company or CompanyFactory()).user
