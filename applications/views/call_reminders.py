"""The reminder box of a call's page (``templates/applications/_call_reminder.html``): a company member asks
to be told when the call opens and before it closes, or stops asking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs.selectors import call_detail

from ..forms.call_reminders import CallReminderForm
from ..permissions import membership_of
from ..services.call_reminders import call_reminder_subscribe, call_reminder_unsubscribe


@login_required
@require_POST
def call_reminder(request: HttpRequest, code: str) -> HttpResponse:
    """Subscribe the user's company to a call's opening and closing reminders, or unsubscribe it."""
    call = call_detail(code=code)
    if call is None:
        raise Http404
    membership = membership_of(request.user)
    form = CallReminderForm(request.POST)
    if membership is None:
        messages.error(request, _("Only members of a registered company can ask for reminders about a call."))
    elif not form.is_valid():
        messages.error(request, " ".join(form.errors.get("action", [])))
    elif form.cleaned_data["action"] == CallReminderForm.SUBSCRIBE:
        call_reminder_subscribe(company=membership.company, call=call, acting_user=request.user)
        messages.success(request, _("Your company will be reminded when this call opens and before it closes."))
    else:
        call_reminder_unsubscribe(company=membership.company, call=call)
        messages.success(request, _("Your company will no longer be reminded about this call."))
    return redirect("programs:call", code=call.code)
