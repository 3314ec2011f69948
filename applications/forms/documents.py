"""Uploading a document to the vault and replacing it with a newer version."""

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programs.enums import DocumentType

from ..uploads import ACCEPT_ATTRIBUTE, ACCEPTED_LABEL, CheckedFile, check_upload
from .errors import error_summary

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _VaultFileForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        error_messages={
            "required": _("Choose the file to upload."),
            "empty": _("The file is empty. Choose a file that has content."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DATE_WIDGET)
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty if the document does not expire."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "%(formats)s, at most %(limit)s. The content is checked, not only the name."
        ) % {
            "formats": ACCEPTED_LABEL,
            "limit": filesizeformat(settings.PORTAL_UPLOAD_MAX_BYTES),
        }
        self.checked: CheckedFile | None = None

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.checked = check_upload(uploaded)
        return uploaded

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", gettext("The expiry date cannot be before the issue date."))
        return cleaned

    def error_summary(self) -> list[dict[str, str]]:
        return error_summary(self)


class VaultUploadForm(_VaultFileForm):
    doc_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the document type."),
    )
    field_order = ["doc_type", "title", "file", "issued_on", "expires_on"]


class VaultReplaceForm(_VaultFileForm):
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Leave empty to keep the current title.")
    )
    field_order = ["file", "title", "issued_on", "expires_on"]
