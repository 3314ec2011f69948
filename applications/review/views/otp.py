"""The two-factor pages of staff: verify (every session), set up an authenticator app, backup codes."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from .. import otp
from ..forms import OTPCodeForm, TOTPConfirmForm
from ..permissions import is_otp_verified, is_two_factor_user, staff_gate, staff_required


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("review:dashboard")


def _with_next(name: str, request: HttpRequest) -> str:
    from urllib.parse import urlencode

    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def second_factor_login(request: HttpRequest, device) -> None:
    """Mark the session verified with ``device``, under a new session key: the key a password alone opened (and
    that may have been seen or planted meanwhile) never carries a verified session."""
    request.session.cycle_key()
    otp_login(request, device)


def wait_message(seconds: int) -> str:
    """A code typed while django-otp's throttle holds is not checked: say so, and how long to wait."""
    return ngettext(
        "Your code was not checked: after a wrong code the portal waits %(n)d second before it checks the next "
        "one. Wait, then type the code your app shows.",
        "Your code was not checked: after a wrong code the portal waits %(n)d seconds before it checks the next "
        "one. Wait, then type the code your app shows.",
        seconds,
    ) % {"n": seconds}


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    refusal = staff_gate(request, require_otp=False, allow=is_two_factor_user)
    if refusal is not None:
        return refusal
    if is_otp_verified(request.user):
        return HttpResponseRedirect(_next_url(request))
    if not otp.has_confirmed_device(request.user):
        return HttpResponseRedirect(_with_next("review:otp_setup", request))
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = otp.second_factor_wait(user=request.user, token=form.cleaned_data["code"])
        if wait:
            form.add_error("code", wait_message(wait))
        else:
            device = otp.verify_second_factor(user=request.user, token=form.cleaned_data["code"])
            if device is not None:
                second_factor_login(request, device)
                return HttpResponseRedirect(_next_url(request))
            form.add_error("code", _("This code is not valid (or was used already). Try the current code."))
    return render(request, "review/otp_verify.html", {"form": form, "next": _next_url(request)}, status=200)


@never_cache
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app. A user who has one already must verify first (a stolen password alone must
    not replace the device)."""
    refusal = staff_gate(request, require_otp=False, allow=is_two_factor_user)
    if refusal is not None:
        return refusal
    if otp.has_confirmed_device(request.user) and not is_otp_verified(request.user):
        return HttpResponseRedirect(_with_next("review:otp_verify", request))
    device = otp.totp_device_pending(user=request.user)
    form = TOTPConfirmForm(request.POST or None)
    wait = otp.seconds_to_wait(device) if request.method == "POST" else 0
    if wait and form.is_valid():
        form.add_error("code", wait_message(wait))
    elif request.method == "POST" and form.is_valid():
        if otp.totp_device_confirm(device=device, token=form.cleaned_data["code"]):
            device.refresh_from_db()
            second_factor_login(request, device)
            codes = otp.backup_codes_regenerate(user=request.user)
            messages.success(request, _("Two-factor authentication is set up."))
            return render(request, "review/otp_backup_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", _("This code does not match. Check the time on your phone and try the current code."))
    context = {
        "form": form,
        "next": _next_url(request),
        "otpauth_uri": device.config_url,
        "secret": otp.totp_secret_base32(device),
        "replacing": otp.has_confirmed_device(request.user),
    }
    return render(request, "review/otp_setup.html", context)


@never_cache
def setup_qr(request: HttpRequest) -> HttpResponse:
    """The QR code of the device being set up, as an SVG image (an <img>, so nothing runs)."""
    refusal = staff_gate(request, require_otp=False, allow=is_two_factor_user)
    if refusal is not None:
        return refusal
    if otp.has_confirmed_device(request.user) and not is_otp_verified(request.user):
        return HttpResponse(status=404)
    device = otp.totp_device_pending(user=request.user)
    return HttpResponse(otp.totp_qr_svg(device), content_type="image/svg+xml")


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def backup_codes(request: HttpRequest) -> HttpResponse:
    """How many backup codes are left; POST replaces them with 10 new ones, shown once."""
    if request.method == "POST":
        codes = otp.backup_codes_regenerate(user=request.user)
        messages.success(request, _("New backup codes were made; the old ones no longer work."))
        return render(request, "review/otp_backup_codes.html", {"codes": codes, "next": reverse("review:dashboard")})
    return render(request, "review/otp_backup_codes.html", {"left": otp.backup_codes_left(request.user)})
