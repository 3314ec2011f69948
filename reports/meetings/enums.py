from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgendaKind(models.TextChoices):
    RESULTS = "results", pgettext_lazy("meeting agenda", "This year's results")
    FOLLOW_UP = "follow_up", pgettext_lazy("meeting agenda", "Next year's follow-up programs")
    OTHER_PROGRAMS = "other_programs", pgettext_lazy("meeting agenda", "The center's other programs")
    LECTURE = "lecture", pgettext_lazy("meeting agenda", "Lecture on national R&D trends")
    OPINIONS = "opinions", pgettext_lazy("meeting agenda", "Companies' opinions")


class RegistrationState(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("meeting registration", "Registered")
    WAITLISTED = "waitlisted", pgettext_lazy("meeting registration", "On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("meeting registration", "Cancelled")


class QuestionKind(models.TextChoices):
    CHOICE = "choice", _("One choice")
    SCALE = "scale", _("Scale from 1 to 5")
    TEXT = "text", _("Free text")
