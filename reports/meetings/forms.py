"""The forms of the results meeting: they check the types and keep what was typed; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.forms.errors import error_summary

from .enums import QuestionKind
from .models import MAX_ATTENDEES, AgendaItem, Meeting, Question
from .services import MeetingInput, question_field


class SummaryMixin:
    def error_summary(self) -> list[dict[str, str]]:
        return error_summary(self)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(SummaryMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "year",
            "title_ko",
            "title_en",
            "starts_at",
            "place",
            "capacity",
            "registration_opens",
            "registration_closes",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "registration_opens": DateTimeInput(),
            "registration_closes": DateTimeInput(),
        }

    def validate_unique(self) -> None:
        """The service checks the year (with the error on its field)."""

    def meeting_input(self) -> MeetingInput:
        data = self.cleaned_data
        return MeetingInput(**{name: data[name] for name in self.Meta.fields})


class AgendaItemForm(SummaryMixin, forms.ModelForm):
    prefix = "agenda"

    class Meta:
        model = AgendaItem
        fields = ["order", "starts_at", "kind", "title_ko", "title_en", "speaker"]
        widgets = {"starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


class QuestionForm(SummaryMixin, forms.ModelForm):
    prefix = "question"

    class Meta:
        model = Question
        fields = ["order", "text_ko", "text_en", "kind", "choices", "required"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"choices": _("Only for a question with choices.")}


class RegistrationForm(SummaryMixin, forms.Form):
    attendees = forms.TypedChoiceField(
        label=_("Number of attendees"),
        choices=[(n, n) for n in range(1, MAX_ATTENDEES + 1)],
        coerce=int,
        help_text=_("Each person counts against the meeting's capacity."),
    )
    attendee_names = forms.CharField(
        label=_("Names of the attendees"), max_length=300, required=False, help_text=_("Optional, e.g. 김민준, 이서연")
    )


SCALE_CHOICES = [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5")]


class SurveyForm(SummaryMixin, forms.Form):
    """One field per question (``question_<id>``); required questions are checked by the service, whose
    messages name the question."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            label = question.text
            if question.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(
                    label=label, choices=[(c, c) for c in question.choice_list], widget=forms.RadioSelect
                )
            elif question.kind == QuestionKind.SCALE:
                field = forms.ChoiceField(
                    label=label,
                    choices=SCALE_CHOICES,
                    widget=forms.RadioSelect,
                    help_text=_("1: not at all … 5: very much"),
                )
            else:
                field = forms.CharField(label=label, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
            field.required = False
            self.fields[question_field(question)] = field

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(question_field(q)) for q in self.questions}
