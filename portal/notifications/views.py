from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.accounts.permissions import staff_required

from . import selectors, services
from .forms import DeliveryFilterForm, PreferencesForm
from .models import Notification
from .permissions import can_view_deliveries

PAGE_SIZE = 20
STAFF_PAGE_SIZE = 50


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inbox(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "can_view_deliveries": can_view_deliveries(request.user)}
    return render(request, "notifications/inbox.html", context)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.inbox_item(user=request.user, pk=pk)
    if notification is None:
        raise Http404
    services.notification_mark_read(notification=notification, user=request.user)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)d notification(s) marked read.") % {"count": count})
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    rows = selectors.preference_rows(user=request.user)
    form = PreferencesForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.choices())
        messages.success(request, _("Your notification choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@staff_required(allow=can_view_deliveries)
def deliveries(request: HttpRequest, application_id: int | None = None) -> HttpResponse:
    form = DeliveryFilterForm(request.GET or None)
    filters: dict = {"application_id": application_id}
    if form.is_bound and form.is_valid():
        filters.update(status=form.cleaned_data["status"], event=form.cleaned_data["event"])
        if application_id is None and form.cleaned_data["application"]:
            filters["application_id"] = form.cleaned_data["application"]
    queryset = selectors.deliveries(**filters) if not form.errors else Notification.objects.none()
    page = Paginator(queryset, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "application_id": application_id,
        "counts": selectors.delivery_counts(),
        "query": request.GET.urlencode() if not request.GET.get("page") else "",
    }
    return render(request, "notifications/deliveries.html", context)


@staff_required(allow=can_view_deliveries)
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    notification = Notification.objects.filter(pk=pk).first()
    if notification is None:
        raise Http404
    if services.notification_resend(notification=notification, acting_user=request.user):
        messages.success(request, _("Notification %(id)s is queued again.") % {"id": pk})
    else:
        messages.error(request, _("Notification %(id)s has not failed, so it was not resent.") % {"id": pk})
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:deliveries")


@staff_required(allow=can_view_deliveries)
def schedule(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/schedule.html", {"rows": selectors.schedule_rows()})
