"""Choices of the evaluation: conflict declarations, challenges, score sheets and selection decisions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ConflictKind(models.TextChoices):
    NONE = "none", _("No conflict of interest")
    EXCLUSION = "exclusion", pgettext_lazy("conflict of interest", "Exclusion (must not evaluate)")
    RECUSAL = "recusal", pgettext_lazy("conflict of interest", "Recusal (steps aside)")


class ExclusionGround(models.TextChoices):
    """The grounds of an exclusion (제척): each makes the expert unable to evaluate the application."""

    PARTY = "party", _("I am a party to the application (its company or a partner in it)")
    KIN = "kin", _("I am a relative of the company's representative or of a person in charge of the project")
    ADVISED = "advised", _("I advised the company on this project or gave it an opinion on it")
    WORKED = "worked", _("I worked on the matter (research, consulting, employment) within the last years")


class ChallengeDecision(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Upheld: the expert is removed")
    DISMISSED = "dismissed", _("Dismissed: the expert stays")


class SheetStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("score sheet", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("score sheet", "Submitted")


class Decision(models.TextChoices):
    SELECT = "select", _("Select")
    WAITLIST = "waitlist", _("Waitlist")
    DECLINE = "decline", _("Decline (not selected)")
