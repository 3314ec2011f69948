"""Forms of the evaluation pages. Validation of rules stays in the services; forms parse and keep the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from applications.workflow import ApplicationStatus
from portal.accounts.models import User
from programs.enums import DocumentType

from .enums import ChallengeDecision, ConflictKind, ExclusionGround
from .models import BonusItem, Committee, Criterion, ExpertProfile
from .services.scoring import MIN_COMMENT_LENGTH, comment_field, score_field


class ConflictForm(forms.Form):
    kind = forms.ChoiceField(label=_("Your declaration"), choices=ConflictKind.choices, widget=forms.RadioSelect)
    ground = forms.ChoiceField(
        label=_("Ground of the exclusion"),
        choices=[("", _("(only for an exclusion)")), *ExclusionGround.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ScoreSheetForm(forms.Form):
    """One score field and one comment field per criterion; the raw input is kept as typed."""

    def __init__(self, *args, criteria: list[Criterion], initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        initial_scores = initial_scores or {}
        for criterion in criteria:
            row = initial_scores.get(criterion.pk)
            self.fields[score_field(criterion.pk)] = forms.CharField(
                label=_("%(criterion)s: score (0 to %(max)s)")
                % {"criterion": criterion.name, "max": f"{criterion.max_score.normalize():f}"},
                required=False,
                max_length=10,
                initial=(f"{row.score.normalize():f}" if row is not None and row.score is not None else ""),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "score-input"}),
            )
            self.fields[comment_field(criterion.pk)] = forms.CharField(
                label=_("%(criterion)s: comment (at least %(n)d characters)")
                % {"criterion": criterion.name, "n": MIN_COMMENT_LENGTH},
                required=False,
                max_length=2000,
                initial=row.comment if row is not None else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

        self.fields["confirm_submit"] = forms.BooleanField(
            label=_("I have checked my scores: submit them for good (they cannot be changed afterwards)."),
            required=False,
        )

    def rows(self):
        return [(c, self[score_field(c.pk)], self[comment_field(c.pk)]) for c in self.criteria]


class CommitteeForm(forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Members (outside experts)"),
        queryset=ExpertProfile.objects.select_related("user"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    evaluator_documents = forms.MultipleChoiceField(
        label=_("Documents experts may open"),
        help_text=_(
            "Tax, financial and credit certificates and the social-insurance register stay closed to experts unless "
            "ticked here."
        ),
        choices=DocumentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Committee
        fields = ["meeting_on", "cutoff_score", "experts_per_application", "members", "evaluator_documents"]
        widgets = {"meeting_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def applications_in_evaluation(committee: Committee):
    """The applications of the committee's call that are in evaluation: the only ones experts work on."""
    return (
        Application.objects.filter(call_id=committee.call_id, status=ApplicationStatus.EVALUATION)
        .select_related("company")
        .order_by("receipt_number", "pk")
    )


def application_label(application: Application) -> str:
    return f"{application.receipt_number} {application.company.name}"


class AssignForm(forms.Form):
    application = forms.ModelChoiceField(
        label=_("Application"), queryset=Application.objects.none(), empty_label=_("Choose an application")
    )
    expert = forms.ModelChoiceField(label=_("Expert"), queryset=User.objects.none(), empty_label=_("Choose an expert"))

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications_in_evaluation(committee)
        self.fields["application"].label_from_instance = application_label
        self.fields["expert"].queryset = User.objects.filter(expert_profile__committees=committee).order_by("full_name")
        self.fields["expert"].label_from_instance = lambda u: u.full_name or u.email


class SpreadForm(forms.Form):
    per_application = forms.IntegerField(label=_("Experts per application"), min_value=1, max_value=15)


class ChallengeForm(AssignForm):
    grounds = forms.CharField(
        label=_("Grounds given by the applicant"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ChallengeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Committee's decision"),
        choices=[
            (ChallengeDecision.UPHELD, ChallengeDecision.UPHELD.label),
            (ChallengeDecision.DISMISSED, ChallengeDecision.DISMISSED.label),
        ],
    )
    decision_reason = forms.CharField(label=_("Reason"), max_length=4000)


class CloseForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Reason for closing with open score sheets (only if some are not submitted)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=_("I understand: closing is final. No score can be saved or submitted afterwards."),
        error_messages={"required": _("Tick the box to confirm that you close the evaluation for good.")},
    )


class BonusForm(forms.Form):
    application = forms.ModelChoiceField(
        label=_("Application"), queryset=Application.objects.none(), empty_label=_("Choose an application")
    )
    bonus_item = forms.ModelChoiceField(
        label=_("Bonus item"), queryset=BonusItem.objects.none(), empty_label=_("Choose a bonus item")
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000)

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications_in_evaluation(committee)
        self.fields["application"].label_from_instance = application_label
        self.fields["bonus_item"].queryset = committee.bonus_items.all()
