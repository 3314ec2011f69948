"""Demo data of the results pages: four companies of the imported history consent to publishing their own outcome
figures (two of 2021, the year DOMAIN.md describes, and two of the latest year with verified reports), and staff
published a case study of three of them. Idempotent; builds on ``applications.outcomes.demo_history``."""

from django.db import transaction

from applications.models import Company
from applications.outcomes.models import OutcomeReport, ReportState
from portal.accounts.models import User

from .models import CaseStudy, OutcomeConsent
from .selectors import consent_given
from .services import case_study_save

STAFF_EMAIL = "staff@demo.yc.kr"
DOMAIN_YEAR = 2021
STORIES = (
    (
        "자동화 라인 전환으로 매출 성장",
        "Sales grew after the switch to an automated line",
        "지원으로 가공 라인을 자동화하고 품질 인증을 받아 완성차 2차 협력사 납품을 늘렸다. 지역 인재를 새로 채용했다.",
        "With the support the company automated its machining line, was certified and supplies more parts to "
        "second-tier carmakers' suppliers. It hired new staff from Yeongcheon.",
    ),
    (
        "시제품 개발로 첫 수출",
        "A first export after the prototype",
        "신제품 시제품을 만들고 성능 시험을 거쳐 첫 해외 바이어와 공급 계약을 맺었다.",
        "The company built and tested a prototype of its new product and signed its first supply contract abroad.",
    ),
    (
        "특허 출원과 국가 R&D 과제 수주",
        "A patent filed and a national R&D task won",
        "개발한 공정 기술로 특허를 출원하고, 후속 국가 R&D 과제를 따냈다.",
        "The company filed a patent on the process it developed and won a follow-on national R&D task.",
    ),
)


def _companies_of(year: int, count: int) -> list[Company]:
    ids = (
        OutcomeReport.objects.filter(state=ReportState.VERIFIED, year=year, application__call__year=year)
        .order_by("application__company__name")
        .values_list("application__company_id", flat=True)
    )
    chosen = list(dict.fromkeys(ids))[:count]
    return list(Company.objects.filter(pk__in=chosen).order_by("name"))


@transaction.atomic
def seed(*, log) -> list[str]:
    latest = (
        OutcomeReport.objects.filter(state=ReportState.VERIFIED)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if latest is None:
        log("skipped the results demo: no verified outcome report")
        return []
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    chosen = [(DOMAIN_YEAR, company) for company in _companies_of(DOMAIN_YEAR, 2)]
    chosen += [(latest, company) for company in _companies_of(latest, 2) if company not in dict(chosen).values()]
    for _year, company in chosen:
        if not consent_given(company):
            # The history's companies have no member account: the consent was collected on paper.
            OutcomeConsent.objects.create(company=company, given=True)
            log(f"recorded the consent of {company.name}")
    if staff is None:
        return []
    for (year, company), (title_ko, title_en, summary_ko, summary_en) in zip(chosen, STORIES, strict=False):
        if CaseStudy.objects.filter(company=company, year=year).exists():
            continue
        case_study_save(
            case_study=None,
            acting_user=staff,
            company=company,
            year=year,
            title_ko=title_ko,
            title_en=title_en,
            summary_ko=summary_ko,
            summary_en=summary_en,
            published=True,
        )
        log(f"published the case study of {company.name} ({year})")
    return []
