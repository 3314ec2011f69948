"""Writes of the results pages: a company's consent to publish its own outcome figures, and the case studies.
Each changes what the public pages show, so each tells ``reports.cache`` (the pages are forgotten on commit)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Company
from applications.permissions import is_member
from applications.review.permissions import is_staff_user

from .cache import results_changed
from .models import CaseStudy, OutcomeConsent
from .selectors import consent_given


@transaction.atomic
def consent_set(*, company: Company, acting_user, given: bool) -> OutcomeConsent | None:
    """A member of the company gives or withdraws its consent; a new history row (who, when). Withdrawing it
    unpublishes the company's case studies. Returns ``None`` when nothing changed."""
    if not is_member(acting_user, company):
        raise PermissionDenied(_("Only a member of the company may change its consent."))
    company = Company.objects.select_for_update().get(pk=company.pk)
    if consent_given(company) == given:
        return None
    consent = OutcomeConsent.objects.create(
        company=company, given=given, changed_by=acting_user, changed_at=timezone.now()
    )
    if not given:
        CaseStudy.objects.filter(company=company, published=True).update(published=False, updated_at=timezone.now())
    results_changed()
    return consent


@transaction.atomic
def case_study_save(
    *,
    case_study: CaseStudy | None,
    acting_user,
    company: Company,
    year: int,
    title_ko: str,
    title_en: str,
    summary_ko: str,
    summary_en: str,
    published: bool,
) -> CaseStudy:
    """Staff write (or change) a case study; it may be published only while the company consents."""
    if not is_staff_user(acting_user):
        raise PermissionDenied(_("Only Technopark staff may edit case studies."))
    if published and not consent_given(company):
        message = _("The company has not consented to publishing its results: keep the case study unpublished.")
        raise ValidationError({"published": message})
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk) if case_study else CaseStudy()
    case_study.company = company
    case_study.year = year
    case_study.title_ko, case_study.title_en = title_ko.strip(), title_en.strip()
    case_study.summary_ko, case_study.summary_en = summary_ko.strip(), summary_en.strip()
    case_study.published = published
    case_study.updated_by, case_study.updated_at = acting_user, timezone.now()
    case_study.save()
    results_changed()
    return case_study
