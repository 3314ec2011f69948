from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.accounts.permissions import is_administrator, staff_required

from .forms import AuditFilterForm
from .selectors import audit_entries

PAGE_SIZE = 50


@staff_required(allow=is_administrator)
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log, for administrators with a session verified by a second factor (the staff pages' gate): anyone
    else gets a 404 (the page does not reveal itself), an anonymous visitor the login page."""
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
