"""How django-allauth fits the portal: names and languages on sign-up, mail in the recipient's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.encoding import force_str

from . import throttle
from .models import User
from .services import user_language_set

# The language a visitor chose with the header's switch before signing in; stored as their preference at sign-in.
LANGUAGE_CHOSEN_SESSION_KEY = "portal_language_chosen"


@dataclass(frozen=True)
class PortalSite:
    """What allauth's mail templates call ``current_site``: the portal's name and address."""

    name: str
    domain: str


def language_cookie_set(response: HttpResponse, language: str) -> None:
    """Make ``language`` the language of the pages this browser is shown from now on."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def recipient_language(*, email: str, context: dict[str, Any]) -> str:
    """The preferred language of the person a mail goes to, or the current language for a stranger."""
    user = context.get("user")
    if isinstance(user, User) and user.language:
        return user.language
    language = User.objects.filter(email__iexact=email).values_list("language", flat=True).first()
    if language is None:
        from allauth.account.models import EmailAddress

        language = EmailAddress.objects.filter(email__iexact=email).values_list("user__language", flat=True).first()
    return language or translation.get_language() or settings.LANGUAGE_CODE


def credentials_login(credentials: dict[str, Any]) -> str:
    """The account a sign-in attempt names (allauth passes the email as ``email``)."""
    return str(credentials.get("email") or credentials.get("username") or "")


class AccountAdapter(DefaultAccountAdapter):
    # --- Sign-in throttling by account and address (``throttle``); allauth's per-address limits run as well.
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        address = self.get_client_ip(request)
        wait = throttle.login_locked_seconds(login=credentials_login(credentials), address=address)
        if wait:
            raise forms.ValidationError(throttle.login_locked_message(wait), code="too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        super().authentication_failed(request, **credentials)
        throttle.login_failure_record(login=credentials_login(credentials), address=self.get_client_ip(request))

    def authenticate(self, request: HttpRequest, **credentials: Any):
        user = super().authenticate(request, **credentials)
        if user is not None:
            throttle.login_failures_clear(login=credentials_login(credentials), address=self.get_client_ip(request))
        return user

    def save_user(self, request: HttpRequest, user: User, form, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.full_name = data.get("full_name", "")
        user.language = data.get("language") or translation.get_language() or settings.LANGUAGE_CODE
        if commit:
            user.save()
        return user

    def format_email_subject(self, subject: str) -> str:
        return f"[{force_str(settings.PORTAL_NAME)}] {force_str(subject)}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render and send an allauth mail in the language its recipient chose."""
        with translation.override(recipient_language(email=email, context=context)):
            context = {
                "current_site": PortalSite(
                    name=force_str(settings.PORTAL_NAME), domain=urlsplit(settings.PORTAL_BASE_URL).netloc
                ),
                **context,
            }
            super().send_mail(template_prefix, email, context)

    def post_login(self, request: HttpRequest, user: User, **kwargs: Any) -> HttpResponse:
        """After login, show the portal in the user's preferred language; a language chosen with the header's switch
        before signing in is the later choice, so it becomes the preference."""
        chosen = request.session.pop(LANGUAGE_CHOSEN_SESSION_KEY, None)
        if chosen:
            user_language_set(user=user, language=chosen)
        if user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = super().post_login(request, user, **kwargs)
        if user.language:
            language_cookie_set(response, user.language)
        return response
