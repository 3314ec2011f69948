"""Creating a company, its profile page (with the profile history) and editing the profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from programs.forms import MONTH_NAMES

from ..forms import CompanyCreateForm, CompanyProfileForm
from ..forms.errors import add_service_errors
from ..models import Company, CompanyProfileChange
from ..permissions import membership_of
from ..selectors import company_profile_history, user_company
from ..services import company_create, company_update
from .common import member_required


def _safe_next(request: HttpRequest) -> str | None:
    """Where the user was going before registering the company (e.g. an application), if it is on this site."""
    target = request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None


@login_required
def company_home(request: HttpRequest) -> HttpResponse:
    if membership_of(request.user) is None:
        return redirect("applications:company_create")
    return redirect("applications:dashboard")


@login_required
def company_create_view(request: HttpRequest) -> HttpResponse:
    if membership_of(request.user) is not None:
        messages.info(request, _("You already belong to a company."))
        return redirect("applications:company_profile")
    form = CompanyCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            company_create(user=request.user, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            messages.info(request, _("You already belong to a company."))
            return redirect("applications:company_profile")
        else:
            messages.success(request, _("Your company is registered. You are its owner."))
            return redirect(_safe_next(request) or "applications:company_profile")
    return render(request, "applications/company_create.html", {"form": form})


def _display(field: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field == "monthly_headcounts":
        return " · ".join("—" if count is None else str(count) for count in value)
    if field == "revenues":
        return "; ".join(f"{year}: {amount:,}" for year, amount in value)
    if field == "ksic_revision":
        return str(value)
    if isinstance(value, int) and field.endswith("_krw"):
        return f"{value:,}"
    return str(value)


def _label(field: str) -> str:
    if field == "revenues":
        return _("Revenue (last 3 years)")
    try:
        return capfirst(str(Company._meta.get_field(field).verbose_name))
    except FieldDoesNotExist:  # a field that no longer exists keeps its stored name
        return field


def history_rows(changes: list[CompanyProfileChange]) -> list[dict]:
    """Each history row with the label, old and new value of each changed field, ready to show."""
    return [
        {
            "change": change,
            "fields": [
                {"label": _label(name), "old": _display(name, diff.get("old")), "new": _display(name, diff.get("new"))}
                for name, diff in change.changes.items()
            ],
        }
        for change in changes
    ]


@member_required
def company_profile(request: HttpRequest) -> HttpResponse:
    company = user_company(user=request.user)
    context = {
        "company": company,
        "membership": request.membership,
        "headcounts": list(zip(MONTH_NAMES, company.monthly_headcounts or [], strict=False)),
        "history": history_rows(company_profile_history(company=company)),
    }
    return render(request, "applications/company_profile.html", context)


@member_required
def company_edit(request: HttpRequest) -> HttpResponse:
    company = user_company(user=request.user)
    form = CompanyProfileForm(request.POST if request.method == "POST" else None, instance=company)
    if request.method == "POST" and form.is_valid():
        try:
            change = company_update(company=company, acting_user=request.user, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if change is None:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(request, _("The company profile was saved."))
            return redirect("applications:company_profile")
    return render(request, "applications/company_edit.html", {"form": form, "company": company})
