"""What the results pages publish beyond the figures: a company's consent to show its own outcome figures (every
change kept: who, when, given or withdrawn; the latest row is the current state) and the case studies staff write
and publish once the company has consented."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Company
from programs.models import in_language


class OutcomeConsent(models.Model):
    """One change of a company's consent to publish its own outcome figures. Never edited: a new row each time."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="outcome_consents", verbose_name=_("company")
    )
    given = models.BooleanField(_("consent given"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["company_id", "-changed_at", "-id"]
        indexes = [models.Index(fields=["company", "-changed_at"], name="reports_consent_latest")]
        verbose_name = _("consent to publish outcomes")
        verbose_name_plural = _("consents to publish outcomes")

    def __str__(self) -> str:
        return f"{self.company_id}: {self.given}"


class CaseStudy(models.Model):
    """A company's story of one year, in Korean and English, shown on the year's public page once published."""

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="case_studies", verbose_name=_("company")
    )
    year = models.PositiveIntegerField(_("year"))
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_ko = models.TextField(_("summary (Korean)"), max_length=4000)
    summary_en = models.TextField(_("summary (English)"), max_length=4000)
    published = models.BooleanField(_("published"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("updated by")
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["-year", "company__name", "id"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    title = property(lambda self: in_language(self, "title"))
    summary = property(lambda self: in_language(self, "summary"))

    def __str__(self) -> str:
        return f"{self.year} {self.title_ko}"
