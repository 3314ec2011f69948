"""Who evaluates what: assignments, conflict-of-interest declarations and challenges, score sheets."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application

from ..enums import ChallengeDecision, ConflictKind, ExclusionGround, SheetStatus
from .committee import Committee, Criterion


class Assignment(models.Model):
    """An expert assigned to an application. Kept (inactive) after a conflict removes the expert from it."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("committee")
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("application")
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("expert")
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("assigned by")
    )
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)
    is_active = models.BooleanField(_("active"), default=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_reason = models.CharField(_("why removed"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["application", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="assignment_once_per_expert"),
        ]
        indexes = [models.Index(fields=["expert", "is_active"], name="assignment_expert_active")]

    def __str__(self) -> str:
        return f"{self.application_id} ← {self.expert_id}"


class ConflictDeclaration(models.Model):
    """What the expert declared before seeing the application: no conflict, exclusion (제척) or recusal (회피)."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="declaration", verbose_name=_("assignment")
    )
    kind = models.CharField(_("declaration"), max_length=16, choices=ConflictKind.choices)
    ground = models.CharField(_("ground of exclusion"), max_length=16, choices=ExclusionGround.choices, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        ordering = ["-declared_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ConflictKind.EXCLUSION) | ~Q(ground=""), name="declaration_exclusion_has_ground"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.kind}"

    @property
    def is_conflict(self) -> bool:
        return self.kind != ConflictKind.NONE


class Challenge(models.Model):
    """An applicant's challenge (기피) of an expert, entered by staff and decided by the committee."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="expert_challenges", verbose_name=_("application")
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="challenges", verbose_name=_("expert")
    )
    grounds = models.TextField(_("grounds given by the applicant"), max_length=4000)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("entered by")
    )
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)
    decision = models.CharField(
        _("decision"), max_length=16, choices=ChallengeDecision.choices, default=ChallengeDecision.PENDING
    )
    decision_reason = models.TextField(_("reason of the decision"), max_length=4000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("challenge of an expert")
        verbose_name_plural = _("challenges of experts")
        ordering = ["-entered_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application_id} * {self.expert_id}: {self.decision}"


class ScoreSheet(models.Model):
    """An expert's scores of one application. Submitted once; the weighted total is stored by the database then."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="sheet", verbose_name=_("assignment")
    )
    status = models.CharField(_("status"), max_length=16, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    total = models.DecimalField(
        _("weighted total (out of 100)"), max_digits=7, decimal_places=3, null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("saved"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["assignment"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=SheetStatus.DRAFT, submitted_at=None)
                | Q(status=SheetStatus.SUBMITTED, submitted_at__isnull=False, total__isnull=False),
                name="sheet_submitted_has_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.status}"

    @property
    def is_submitted(self) -> bool:
        return self.status == SheetStatus.SUBMITTED


class CriterionScore(models.Model):
    """The score of one criterion in a sheet (0..the criterion's maximum, one decimal at most) and its comment."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores", verbose_name=_("sheet"))
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["sheet", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="criterion_score_once"),
            models.CheckConstraint(condition=Q(score=None) | Q(score__gte=0), name="criterion_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet_id}/{self.criterion_id}: {self.score}"
