from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from portal.accounts.permissions import is_administrator

from .forms import AuditFilterForm
from .selectors import audit_entries

PAGE_SIZE = 50


def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log, for administrators with a session verified by a second factor; anyone else gets a 404 (the
    page does not reveal itself), an anonymous visitor the login page."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_administrator(user):
        raise Http404
    if not user.is_verified():
        # The two-factor page of the staff area (by its URL name: this app imports no domain app).
        return HttpResponseRedirect(f"{reverse('review:otp_verify')}?{urlencode({'next': request.get_full_path()})}")
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = audit_entries(
        email=filters.get("email", ""),
        action=filters.get("action", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/audit_log.html", context, status=status)
