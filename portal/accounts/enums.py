"""Kinds of consent a person gives, and the version of each consent text in force."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentKind(models.TextChoices):
    # Required to hold an account: 개인정보 수집·이용 동의 (필수).
    PERSONAL_DATA = "personal_data", _("Collection and use of personal information (required)")
    # Optional: news of calls, events and the year-end performance report meeting (선택).
    NOTICE_EMAILS = "notice_emails", _("Emails about new calls and events (optional)")


# The version of the consent text that a person agrees to now. Change the text in
# templates/accounts/consent_*.html and raise the version together, so that each stored
# consent says which text it answered.
CONSENT_VERSIONS: dict[str, str] = {
    ConsentKind.PERSONAL_DATA: "2027-01",
    ConsentKind.NOTICE_EMAILS: "2027-01",
}

REQUIRED_CONSENTS = frozenset({ConsentKind.PERSONAL_DATA})

# Years that records of applications to a support program are kept after the program
# year ends (public subsidy records). Part of the consent text: changing it is a new version.
RECORD_RETENTION_YEARS = 5
