"""The account page: profile, consents, and deleting the account."""

from allauth.decorators import rate_limit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from .adapter import LANGUAGE_CHOSEN_SESSION_KEY, language_cookie_set
from .enums import CONSENT_VERSIONS, RECORD_RETENTION_YEARS, ConsentKind
from .forms import AccountDeleteForm, ProfileForm
from .selectors import user_consents
from .services import consent_give, consent_withdraw, user_delete, user_language_set, user_profile_update


def _profile_page(request: HttpRequest, form: ProfileForm, *, status: int = 200) -> HttpResponse:
    consents = list(user_consents(user=request.user))
    in_force = {consent.kind for consent in consents if consent.in_force}
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "consents": consents,
            "notice_emails_in_force": ConsentKind.NOTICE_EMAILS in in_force,
            "notice_emails_kind": ConsentKind.NOTICE_EMAILS.value,
            "notice_emails_version": CONSENT_VERSIONS[ConsentKind.NOTICE_EMAILS],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _profile_page(request, ProfileForm(instance=request.user))
    form = ProfileForm(request.POST, instance=request.user)
    if not form.is_valid():
        return _profile_page(request, form, status=400)
    user = user_profile_update(
        user=request.user, full_name=form.cleaned_data["full_name"], language=form.cleaned_data["language"]
    )
    translation.activate(user.language)
    messages.success(request, _("Your profile was saved."))
    response = redirect("accounts:profile")
    language_cookie_set(response, user.language)
    return response


@login_required
@require_POST
def consent_change(request: HttpRequest, kind: str) -> HttpResponse:
    """Give or withdraw an optional consent (``action`` is ``give`` or ``withdraw``)."""
    if kind not in ConsentKind.values:
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "withdraw":
            consent_withdraw(user=request.user, kind=kind)
            messages.success(request, _("Your consent was withdrawn."))
        elif action == "give":
            consent_give(user=request.user, kind=kind)
            messages.success(request, _("Thank you: your consent was recorded."))
        else:
            messages.error(request, _("Choose whether to give or to withdraw the consent."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:profile")


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit(action="reauthenticate")
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            user_delete(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account was deleted."))
            return redirect("home")
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "retention_years": RECORD_RETENTION_YEARS},
        status=400 if form.is_bound else 200,
    )


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The header's language switch: Django's ``set_language``, and the choice remembered as the person's preference
    (stored now when signed in; at sign-in otherwise, so that the last explicit choice wins)."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=language)
    else:
        request.session[LANGUAGE_CHOSEN_SESSION_KEY] = language
    return response
