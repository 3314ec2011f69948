"""Demo results meeting: this year's meeting on the third Thursday of December (next year's once this year's
has passed), its agenda as DOMAIN.md describes it, 50 places, four demo companies registered, a survey of five
questions answered by three of them. Made through the services, as staff and the companies would; dates follow
today. Idempotent: an existing meeting of that year is kept as it is.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from applications.permissions import membership_of
from portal.accounts.models import User

from .enums import AgendaKind, QuestionKind
from .models import Meeting
from .services import MeetingInput, agenda_item_add, meeting_save, question_add, registration_register, survey_answer

STAFF_EMAIL = "staff@demo.yc.kr"
AGENDA = (
    (time(14, 0), AgendaKind.RESULTS, "올해 지원사업 성과 보고", "This year's results", "영천테크노파크 기업지원팀"),
    (time(14, 40), AgendaKind.FOLLOW_UP, "내년도 후속 지원사업 안내", "Next year's follow-up programs", "기업지원팀장"),
    (
        time(15, 10),
        AgendaKind.OTHER_PROGRAMS,
        "센터 기타 지원사업 소개",
        "The center's other programs",
        "센터 사업담당",
    ),
    (
        time(15, 40),
        AgendaKind.LECTURE,
        "국가 R&D 공모 동향 특강",
        "Lecture: national R&D call trends",
        "외부 초청 강사",
    ),
    (time(16, 30), AgendaKind.OPINIONS, "참여기업 의견 청취", "Companies' opinions", "참여기업 대표"),
)
QUESTIONS = (
    (
        "올해 지원사업에 전반적으로 만족하십니까?",
        "How satisfied are you with this year's support overall?",
        QuestionKind.SCALE,
        "",
    ),
    ("지원 절차와 서류 제출은 편리했습니까?", "Were the procedure and the documents easy?", QuestionKind.SCALE, ""),
    (
        "내년에 가장 필요한 지원은 무엇입니까?",
        "Which support do you need most next year?",
        QuestionKind.CHOICE,
        "시제품 제작\n스마트공장 구축\n마케팅·판로\n국가 R&D 기획",
    ),
    ("내년 사업에 참여할 의향이 있습니까?", "Will you take part next year?", QuestionKind.CHOICE, "예\n아니오\n미정"),
    ("그 밖의 의견을 자유롭게 적어 주십시오.", "Any other opinion?", QuestionKind.TEXT, ""),
)
# (owner, attendees, names, answers or None)
REGISTRATIONS = (
    (
        "owner.geumho@demo.yc.kr",
        2,
        "대표, 연구소장",
        ("5", "4", "국가 R&D 기획", "예", "평가 일정을 조금 더 일찍 알려 주시면 좋겠습니다."),
    ),
    ("owner.gogyeong@demo.yc.kr", 1, "", ("4", "3", "시제품 제작", "예", "증빙 서류 양식이 간소화되면 좋겠습니다.")),
    ("owner.byeolbit@demo.yc.kr", 3, "", ("4", "5", "마케팅·판로", "미정", "")),
    ("owner.nokjeon@demo.yc.kr", 2, "생산팀장, 품질팀장", None),
)


def third_thursday_of_december(year: int) -> date:
    first = date(year, 12, 1)
    first_thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + timedelta(days=14)


def meeting_day(today: date) -> date:
    day = third_thursday_of_december(today.year)
    return day if day > today else third_thursday_of_december(today.year + 1)


def seed(*, log) -> list[str]:
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None:
        log("skipped demo results meeting: staff missing")
        return []
    now = timezone.now()
    day = meeting_day(timezone.localdate())
    if Meeting.objects.filter(year=day.year).exists():
        log(f"kept results meeting {day.year}")
        return []
    starts_at = timezone.make_aware(datetime.combine(day, time(14, 0)))
    closes = min(starts_at, max(starts_at - timedelta(days=2), now + timedelta(hours=1)))
    meeting = meeting_save(
        acting_user=staff,
        data=MeetingInput(
            year=day.year,
            title_ko=f"{day.year}년 영천시 중소기업 지원사업 성과보고회",
            title_en=f"Yeongcheon SME support {day.year}: results meeting",
            starts_at=starts_at,
            place="영천테크노파크 본관 대회의실",
            capacity=50,
            registration_opens=min(starts_at - timedelta(days=45), now - timedelta(days=1)),
            registration_closes=closes,
        ),
    )
    for order, (at, kind, ko, en, speaker) in enumerate(AGENDA, start=1):
        agenda_item_add(
            meeting=meeting,
            acting_user=staff,
            order=order,
            starts_at=at,
            kind=kind,
            title_ko=ko,
            title_en=en,
            speaker=speaker,
        )
    questions = [
        question_add(
            meeting=meeting,
            acting_user=staff,
            order=order,
            text_ko=ko,
            text_en=en,
            kind=kind,
            choices=choices,
            required=kind != QuestionKind.TEXT,
        )
        for order, (ko, en, kind, choices) in enumerate(QUESTIONS, start=1)
    ]
    for email, attendees, names, answers in REGISTRATIONS:
        owner = User.objects.filter(email=email).first()
        membership = membership_of(owner) if owner else None
        if membership is None:
            log(f"skipped demo meeting registration of {email}: company missing")
            continue
        registration_register(
            meeting=meeting, company=membership.company, acting_user=owner, attendees=attendees, attendee_names=names
        )
        if answers:
            survey_answer(
                meeting=meeting,
                company=membership.company,
                acting_user=owner,
                answers={q.pk: a for q, a in zip(questions, answers, strict=True)},
            )
    log(f"results meeting {day.year} on {day.isoformat()}: agenda, survey, {len(REGISTRATIONS)} registrations")
    return []
