"""The application editor: one form over every section (project, plan, experts, outcomes, budget per item,
documents from the vault and declarations). Built for one application with its call's items and the company's
current vault documents; ``draft_data()`` gives what ``application_draft_save`` takes."""

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programs.enums import DocumentType
from programs.forms import KRWField

from ..budget import check_budget
from ..models import Application, VaultDocument
from ..presubmission import budget_lines, milestone_problems
from ..services.drafts import DraftData, ItemBudget, attachment_field, item_field
from ..uploads import ACCEPT_ATTRIBUTE, ACCEPTED_LABEL, CheckedFile, check_upload
from .errors import error_summary

MILESTONE_ROWS = 6
MAX_KRW = 10**13
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT_FIELDS = ("project_title", "project_summary", "current_state", "objective")
OUTCOME_FIELDS = (
    "expected_sales_krw",
    "expected_hires",
    "expected_patents",
    "expected_certifications",
    "expected_exports_krw",
)
DECLARATIONS = ("declares_no_tax_arrears", "declares_no_duplicate_funding", "declares_truthful")
CHOICE_PROBLEMS = "items"


def editor_problems(application: Application) -> dict[str, list[str]]:
    """The problems of the saved draft, by the editor field they concern: the budget rules and the milestones.
    They never stop a save; the review page lists them and they block only the submission."""
    problems: dict[str, list[str]] = {}
    for problem in check_budget(budget_lines(application)):
        key = item_field(problem.item_code, problem.part) if problem.item_code else CHOICE_PROBLEMS
        problems.setdefault(key, []).append(problem.message)
    for row, milestone in enumerate(application.milestones or [], start=1):
        for name, message in milestone_problems(milestone):
            problems.setdefault(f"ms_{row}_{name}", []).append(message)
    for attachment in application.attachments.select_related("document"):
        if not attachment.document.is_current:
            problems.setdefault(attachment_field(attachment.doc_type), []).append(
                gettext("“%(title)s” is no longer the current version in the vault: choose the document again.")
                % {"title": attachment.document.title}
            )
    return problems


def _numeric() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})


def _krw(label: str) -> KRWField:
    return KRWField(label=label, required=False, min_value=0, max_value=MAX_KRW, widget=_numeric())


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=100_000, widget=_numeric())


def document_order(call) -> list[str]:
    """Document types for the attachments section: the call's required ones first, then the rest."""
    required = [code for code in call.required_documents or [] if code in DocumentType.values]
    return required + [code for code in DocumentType.values if code not in required]


class ApplicationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    project_title = forms.CharField(label=_("Project title"), max_length=200, required=False)
    project_summary = forms.CharField(
        label=_("Project summary"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    current_state = forms.CharField(
        label=_("Current state"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Where the company and its technology stand today."),
    )
    objective = forms.CharField(
        label=_("Objective"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the project will achieve, in measurable terms."),
    )
    uses_experts = forms.BooleanField(label=_("We will use outside experts"), required=False)
    expert_field = forms.CharField(label=_("Field of the experts"), max_length=200, required=False)
    expert_name = forms.CharField(label=_("Expert or institute (if known)"), max_length=200, required=False)
    expected_sales_krw = _krw(_("Expected new sales (KRW)"))
    expected_hires = _count(_("Expected hires"))
    expected_patents = _count(_("Expected patents"))
    expected_certifications = _count(_("Expected certifications"))
    expected_exports_krw = _krw(_("Expected exports (KRW)"))
    declares_no_tax_arrears = forms.BooleanField(label=_("We have no unpaid national or local taxes."), required=False)
    declares_no_duplicate_funding = forms.BooleanField(
        label=_("This project is not funded by another program (no duplicate funding)."), required=False
    )
    declares_truthful = forms.BooleanField(
        label=_("Everything in this application is true; false statements lead to cancellation."), required=False
    )

    def __init__(
        self,
        *args: Any,
        application: Application,
        vault: list[VaultDocument],
        problems: dict[str, list[str]] | None = None,
        **kwargs: Any,
    ) -> None:
        self.application = application
        self.problems = problems or {}
        self.call = application.call
        self.support_items = list(self.call.support_items.all())
        self.documents = {document.pk: document for document in vault}
        kwargs.setdefault("initial", self._initial(application))
        super().__init__(*args, **kwargs)
        for row in range(1, MILESTONE_ROWS + 1):
            label = _("Milestone %(row)d") % {"row": row}
            self.fields[f"ms_{row}_title"] = forms.CharField(label=label, max_length=200, required=False)
            self.fields[f"ms_{row}_starts_on"] = forms.DateField(
                label=_("%(label)s: start") % {"label": label}, required=False, widget=DATE_WIDGET
            )
            self.fields[f"ms_{row}_ends_on"] = forms.DateField(
                label=_("%(label)s: end") % {"label": label}, required=False, widget=DATE_WIDGET
            )
            self.fields[f"ms_{row}_deliverable"] = forms.CharField(
                label=_("%(label)s: deliverable") % {"label": label}, max_length=300, required=False
            )
        for item in self.support_items:
            self.fields[item_field(item.code, "chosen")] = forms.BooleanField(label=item.name, required=False)
            self.fields[item_field(item.code, "city")] = _krw(_("%(item)s: city support") % {"item": item.name})
            self.fields[item_field(item.code, "cash")] = _krw(_("%(item)s: company cash") % {"item": item.name})
            self.fields[item_field(item.code, "inkind")] = _krw(_("%(item)s: company in-kind") % {"item": item.name})
        by_type: dict[str, list[VaultDocument]] = {}
        for document in vault:
            by_type.setdefault(document.doc_type, []).append(document)
        required = set(self.call.required_documents or [])
        for code in document_order(self.call):
            choices = [("", gettext("— not attached —"))] + [
                (str(doc.pk), self._document_label(doc)) for doc in by_type.get(code, [])
            ]
            field = forms.ChoiceField(
                label=DocumentType(code).label,
                required=False,
                choices=choices,
                error_messages={"invalid_choice": _("Choose one of your company's current documents of this type.")},
            )
            field.is_required_document = code in required
            field.doc_type = code
            hint = _("Required by this call") if code in required else _("Optional")
            if not by_type.get(code):
                hint = _("%(hint)s · none of this type in your vault yet: add it in the vault first.") % {"hint": hint}
            field.help_text = hint
            self.fields[attachment_field(code)] = field
        for name in self.problems:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described = [f"id_{name}_problem"]
                if self.fields[name].help_text:
                    described.append(f"id_{name}_helptext")
                attrs["aria-describedby"] = " ".join(described)
                attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()

    @staticmethod
    def _document_label(document: VaultDocument) -> str:
        label = document.title
        if document.expires_on:
            label += " · " + gettext("expires %(date)s") % {"date": document.expires_on.isoformat()}
            if document.is_expired():
                label += " · " + gettext("EXPIRED")
        return label

    @staticmethod
    def _initial(application: Application) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": application.version}
        for name in (*TEXT_FIELDS, *OUTCOME_FIELDS, *DECLARATIONS, "uses_experts", "expert_field", "expert_name"):
            initial[name] = getattr(application, name)
        for row, milestone in enumerate(application.milestones or [], start=1):
            for key in ("title", "starts_on", "ends_on", "deliverable"):
                initial[f"ms_{row}_{key}"] = milestone.get(key) or ""
        for row in application.items.all():
            code = row.support_item.code
            initial[item_field(code, "chosen")] = True
            initial[item_field(code, "city")] = row.city_support_krw
            initial[item_field(code, "cash")] = row.company_cash_krw
            initial[item_field(code, "inkind")] = row.company_inkind_krw
        for row in application.attachments.all():
            initial[attachment_field(row.doc_type)] = str(row.document_id)
        return initial

    # --- groups shown by the template ----------------------------------------------------------
    def _cell(self, name: str) -> dict[str, Any]:
        """A field with the problems of the saved draft that concern it (shown beside it; they block submission)."""
        return {"field": self[name], "problems": self.problems.get(name, []), "problem_id": f"id_{name}_problem"}

    def milestone_rows(self) -> list[list[dict[str, Any]]]:
        return [
            [self._cell(f"ms_{row}_{key}") for key in ("title", "starts_on", "ends_on", "deliverable")]
            for row in range(1, MILESTONE_ROWS + 1)
        ]

    def item_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "item": item,
                "chosen": self._cell(item_field(item.code, "chosen")),
                "city": self._cell(item_field(item.code, "city")),
                "cash": self._cell(item_field(item.code, "cash")),
                "inkind": self._cell(item_field(item.code, "inkind")),
            }
            for item in self.support_items
        ]

    def choice_problems(self) -> list[str]:
        """Problems of the choice of items as a whole (one item only, at least one item)."""
        return self.problems.get(CHOICE_PROBLEMS, [])

    def document_fields(self) -> list[dict[str, Any]]:
        return [self._cell(attachment_field(code)) for code in document_order(self.call)]

    def error_summary(self) -> list[dict[str, str]]:
        return error_summary(self)

    # --- cleaning ------------------------------------------------------------------------------
    def _clean_milestones(self) -> list[dict[str, str]]:
        milestones = []
        for row in range(1, MILESTONE_ROWS + 1):
            names = [f"ms_{row}_{key}" for key in ("title", "starts_on", "ends_on", "deliverable")]
            if any(name in self.errors for name in names):
                continue
            title, starts, ends, deliverable = (self.cleaned_data.get(name) for name in names)
            if not (title or starts or ends or deliverable):
                continue
            # Kept as typed: a milestone without a title or ending before it starts is a problem shown beside its
            # fields and on the review page (``editor_problems``), not a reason to lose the draft.
            milestones.append(
                {
                    "title": (title or "").strip(),
                    "starts_on": starts.isoformat() if starts else "",
                    "ends_on": ends.isoformat() if ends else "",
                    "deliverable": (deliverable or "").strip(),
                }
            )
        return milestones

    def _clean_items(self) -> list[ItemBudget]:
        chosen = []
        for item in self.support_items:
            if not self.cleaned_data.get(item_field(item.code, "chosen")):
                continue
            parts = {part: item_field(item.code, part) for part in ("city", "cash", "inkind")}
            if any(name in self.errors for name in parts.values()):
                continue
            chosen.append(
                ItemBudget(
                    support_item=item,
                    city=self.cleaned_data.get(parts["city"]) or 0,
                    cash=self.cleaned_data.get(parts["cash"]) or 0,
                    inkind=self.cleaned_data.get(parts["inkind"]) or 0,
                )
            )
        return chosen

    def _kept_items(self) -> set[int]:
        """Items whose amounts could not be read: saved as they were, so that a typo loses nothing else."""
        kept = set()
        for item in self.support_items:
            parts = [item_field(item.code, part) for part in ("chosen", "city", "cash", "inkind")]
            if any(name in self.errors for name in parts):
                kept.add(item.pk)
        return kept

    def _clean_attachments(self) -> dict[str, VaultDocument | None]:
        attachments: dict[str, VaultDocument | None] = {}
        for code in document_order(self.call):
            name = attachment_field(code)
            if name in self.errors:
                continue
            value = self.cleaned_data.get(name)
            attachments[code] = self.documents.get(int(value)) if value else None
        return attachments

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["milestones"] = self._clean_milestones()
        cleaned["items"] = self._clean_items()
        cleaned["attachments"] = self._clean_attachments()
        return cleaned

    def draft_data(self) -> DraftData:
        """What can be saved of what was typed: every readable field. A field that could not be read (a date or an
        amount that is not one) keeps its saved value and shows its error; everything else is saved."""
        data = self.cleaned_data
        errors = self.errors
        content = {
            name: data.get(name) for name in (*OUTCOME_FIELDS, *DECLARATIONS, "uses_experts") if name not in errors
        }
        for name in (*TEXT_FIELDS, "expert_field", "expert_name"):
            if name not in errors:
                content[name] = (data.get(name) or "").strip()
        if not any(name.startswith("ms_") for name in errors):
            content["milestones"] = data["milestones"]
        return DraftData(
            content=content, items=data["items"], attachments=data["attachments"], kept_items=self._kept_items()
        )

    def readable_version(self) -> int | None:
        """The version the page was opened at, or ``None`` when the hidden field was tampered with."""
        return None if "version" in self.errors else self.cleaned_data.get("version")


class ApplicationFileForm(forms.Form):
    """A file for this application only; checked by content like a vault upload."""

    title = forms.CharField(label=_("Title of the file"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        error_messages={
            "required": _("Choose the file to upload."),
            "empty": _("The file is empty. Choose a file that has content."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        help_text = _("%(formats)s, at most %(limit)s. The content is checked, not only the name.")
        self.fields["file"].help_text = help_text % {
            "formats": ACCEPTED_LABEL,
            "limit": filesizeformat(settings.PORTAL_UPLOAD_MAX_BYTES),
        }
        self.checked: CheckedFile | None = None

    def cells(self) -> list[dict[str, Any]]:
        """Each field with its widget rendered for the editor: marked invalid (``aria-invalid``, described by its
        help text and its error) when it has an error."""
        cells = []
        for bound in self:
            css = "form-control is-invalid" if bound.errors else "form-control"
            cells.append({"field": bound, "widget": bound.as_widget(attrs={"class": css})})
        return cells

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.checked = check_upload(uploaded)
        return uploaded

    def error_summary(self) -> list[dict[str, str]]:
        return error_summary(self)
