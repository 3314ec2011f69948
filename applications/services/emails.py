"""The mail the company module sends. One function per message, so that the notifications app can take them
over later without touching the services that queue them (they call these after commit)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.accounts.models import User

from ..models import CompanyInvitation


def invitation_email_send(*, invitation_id: int) -> bool:
    """Send the invitation's accept link; return ``False`` when the invitation is gone or already used."""
    invitation = CompanyInvitation.objects.select_related("company", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.accepted_at is not None:
        return False
    recipient = User.objects.filter(email__iexact=invitation.email).only("language").first()
    language = recipient.language if recipient else (invitation.invited_by.language if invitation.invited_by else None)
    with translation.override(language or settings.LANGUAGE_CODE):
        accept_url = settings.PORTAL_BASE_URL.rstrip("/") + reverse(
            "applications:invitation_accept", kwargs={"token": invitation.token}
        )
        context = {"invitation": invitation, "accept_url": accept_url, "portal_name": settings.PORTAL_NAME}
        subject = _("Invitation to join %(company)s on the %(portal)s") % {
            "company": invitation.company.name,
            "portal": settings.PORTAL_NAME,
        }
        body = render_to_string("applications/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])
    return True
