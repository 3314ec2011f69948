"""The committee of a call, its outside experts, the rubric (criteria and bonus items) and bonus awards."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from programs.enums import DocumentType
from programs.models import Call

# What experts may open unless the call says otherwise: not the tax, financial or credit certificates, nor the
# social-insurance register (the employees' personal data).
EVALUATOR_DOCUMENTS_DEFAULT = (
    DocumentType.BUSINESS_REGISTRATION,
    DocumentType.SME_CERTIFICATE,
    DocumentType.FACTORY_REGISTRATION,
    DocumentType.LAB_CERTIFICATE,
    DocumentType.PARTICIPATION_PLEDGE,
    DocumentType.OTHER,
)


def evaluator_documents_default() -> list[str]:
    return [str(value) for value in EVALUATOR_DOCUMENTS_DEFAULT]


def _localised(obj, field: str) -> str:
    """The Korean or English text of ``field`` in the active language (Korean when the English is empty)."""
    english = getattr(obj, f"{field}_en")
    return english if (get_language() or "ko").startswith("en") and english else getattr(obj, f"{field}_ko")


class ExpertProfile(models.Model):
    """An outside expert: a user with the outside_expert role, their organisation and fields of expertise."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile", verbose_name=_("user")
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    fields = models.CharField(
        _("fields of expertise"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated, for example: machining, automotive parts, smart factory."),
    )

    class Meta:
        verbose_name = _("outside expert")
        verbose_name_plural = _("outside experts")
        ordering = ["user__full_name", "user__email"]

    def __str__(self) -> str:
        return f"{self.user.full_name or self.user.email} ({self.organisation})"

    @property
    def field_list(self) -> list[str]:
        return [part.strip() for part in self.fields.split(",") if part.strip()]


class Committee(models.Model):
    """The evaluation committee (평가위원회) of one call: its members, meeting, cut-off and rubric."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="committee", verbose_name=_("call"))
    meeting_on = models.DateField(_("meeting date"), null=True, blank=True)
    cutoff_score = models.DecimalField(
        _("cut-off score"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("70"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("An application passes with a final score at or above this (out of 100)."),
    )
    experts_per_application = models.PositiveSmallIntegerField(
        _("experts per application"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(15)],
        help_text=_("How many experts “spread evenly” gives each application."),
    )
    members = models.ManyToManyField(
        ExpertProfile, related_name="committees", blank=True, verbose_name=_("members (experts)")
    )
    closed_at = models.DateTimeField(_("evaluation closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    close_override_reason = models.TextField(_("reason for closing with open score sheets"), blank=True)
    evaluator_documents = models.JSONField(
        _("documents experts may open"),
        default=evaluator_documents_default,
        blank=True,
        help_text=_("Document types of the application that assigned experts may open while they evaluate."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation committee")
        verbose_name_plural = _("evaluation committees")
        ordering = ["-call__year", "call__code"]

    def __str__(self) -> str:
        return f"{self.call.code}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Criterion(models.Model):
    """One criterion of a call's rubric; the weights of a committee's criteria sum to 100."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("committee")
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)], help_text=_("Out of 100 in all.")
    )
    max_score = models.DecimalField(
        _("maximum score"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("1000"))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["committee", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1, weight__lte=100), name="criterion_weight_range"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="criterion_max_score_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self, "name")


class BonusItem(models.Model):
    """A bonus point item (가점) of a call, awarded by staff to an application with a reason."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="bonus_items", verbose_name=_("committee")
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    points = models.DecimalField(
        _("points"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("20"))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("bonus item")
        verbose_name_plural = _("bonus items")
        ordering = ["committee", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name} (+{self.points})"

    @property
    def name(self) -> str:
        return _localised(self, "name")


class BonusAward(models.Model):
    """A bonus item given to one application, with the points it had then and the reason."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="bonus_awards", verbose_name=_("application")
    )
    bonus_item = models.ForeignKey(
        BonusItem, on_delete=models.PROTECT, related_name="awards", verbose_name=_("bonus item")
    )
    points = models.DecimalField(_("points"), max_digits=4, decimal_places=1)
    reason = models.TextField(_("reason"), max_length=2000)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("awarded by")
    )
    awarded_at = models.DateTimeField(_("awarded"), default=timezone.now)

    class Meta:
        verbose_name = _("bonus award")
        verbose_name_plural = _("bonus awards")
        ordering = ["application", "bonus_item__order"]
        constraints = [
            models.UniqueConstraint(fields=["application", "bonus_item"], name="bonus_award_once_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: +{self.points}"
