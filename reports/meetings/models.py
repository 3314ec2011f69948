"""The year-end results meeting (성과보고회): one meeting a year with its agenda, the companies' registrations
(with a waiting list and the attendance) and the opinion survey for next year's planning.

A registration holds the number of people a company brings (at most ``MAX_ATTENDEES`` each); each of them counts
against the meeting's capacity. A company has one registration per meeting (a cancelled one is reused when the
company registers again, at the end of the queue). The survey is answered once per registered company: one
``Response`` with one ``Answer`` per question, written in one go (no drafts).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from applications.models import Company

from .enums import AgendaKind, QuestionKind, RegistrationState

MAX_ATTENDEES = 3


def _localized(ko: str, en: str) -> str:
    return en if (get_language() or "ko").startswith("en") and en else ko


class Meeting(models.Model):
    year = models.PositiveIntegerField(_("year"), unique=True, validators=[MinValueValidator(2019)])
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=300)
    capacity = models.PositiveIntegerField(_("capacity (people)"), validators=[MinValueValidator(1)])
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("results meeting")
        verbose_name_plural = _("results meetings")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} {self.title_ko}"

    @property
    def title(self) -> str:
        return _localized(self.title_ko, self.title_en)

    def registration_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.registration_opens <= now < self.registration_closes


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("meeting"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    starts_at = models.TimeField(_("time"))
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaKind.choices)
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "starts_at", "pk"]

    def __str__(self) -> str:
        return self.title_ko

    @property
    def title(self) -> str:
        return _localized(self.title_ko, self.title_en)


class Registration(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("meeting")
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="meeting_registrations", verbose_name=_("company")
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    attendees = models.PositiveSmallIntegerField(
        _("number of attendees"), validators=[MinValueValidator(1), MaxValueValidator(MAX_ATTENDEES)]
    )
    attendee_names = models.CharField(_("names of the attendees"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=RegistrationState.choices)
    # The place in the queue: set again when a cancelled registration is renewed.
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    class Meta:
        verbose_name = _("meeting registration")
        verbose_name_plural = _("meeting registrations")
        ordering = ["meeting", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "company"], name="meeting_registration_once_per_company"),
            models.CheckConstraint(
                condition=models.Q(attendees__gte=1, attendees__lte=MAX_ATTENDEES),
                name="meeting_registration_attendees_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.company_id} {self.state}"


class Question(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="questions", verbose_name=_("meeting"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_ko = models.CharField(_("question (Korean)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    # One choice a line, for a question of kind "choice" (the same words in both languages).
    choices = models.TextField(_("choices (one a line)"), blank=True, max_length=2000)
    required = models.BooleanField(_("answer required"), default=True)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.text_ko

    @property
    def text(self) -> str:
        return _localized(self.text_ko, self.text_en)

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Response(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="responses", verbose_name=_("meeting"))
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="meeting_responses", verbose_name=_("company")
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("answered by")
    )
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["meeting", "answered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "company"], name="meeting_response_once_per_company"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.company_id}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question"))
    choice = models.CharField(_("choice"), max_length=200, blank=True)
    scale = models.PositiveSmallIntegerField(
        _("scale"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("text"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="meeting_answer_once_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id} {self.question_id}"
