"""The members page: invite colleagues, change roles, remove members; and accepting an invitation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..forms import InvitationForm, MemberRoleForm
from ..forms.errors import add_service_errors
from ..permissions import can_manage_members, membership_of
from ..selectors import (
    company_members,
    company_pending_invitations,
    invitation_for_recipient,
    invitations_for_user,
    member_for_user,
)
from ..services import (
    company_invitation_accept,
    company_invitation_cancel,
    company_invitation_send,
    company_member_remove,
    company_member_role_set,
)
from .common import member_required


def _members_page(request: HttpRequest, form: InvitationForm, status: int = 200) -> HttpResponse:
    company = request.membership.company
    context = {
        "company": company,
        "membership": request.membership,
        "members": company_members(company=company),
        "invitations": company_pending_invitations(company=company),
        "can_manage": can_manage_members(request.user, company),
        "form": form,
    }
    return render(request, "applications/members.html", context, status=status)


@member_required
def members(request: HttpRequest) -> HttpResponse:
    return _members_page(request, InvitationForm())


@member_required
def member_invite(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("applications:members")
    company = request.membership.company
    if not can_manage_members(request.user, company):
        raise PermissionDenied
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = company_invitation_send(
                company=company, acting_user=request.user, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
            return redirect("applications:members")
    return _members_page(request, form, status=400)


@member_required
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(member_for_user(user=request.user, pk=pk))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    leaving = member.user_id == request.user.pk
    try:
        company_member_remove(member=member, acting_user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("applications:members")
    if leaving:
        messages.success(request, _("You have left %(company)s.") % {"company": member.company.name})
        return redirect("applications:company_create")
    messages.success(request, _("%(person)s was removed from the company.") % {"person": member.user})
    return redirect("applications:members")


@member_required
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(member_for_user(user=request.user, pk=pk))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return redirect("applications:members")
    try:
        company_member_role_set(member=member, acting_user=request.user, role=form.cleaned_data["role"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The role of %(person)s was changed.") % {"person": member.user})
    return redirect("applications:members")


@member_required
def invitation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(invitations_for_user(user=request.user).select_related("company"), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        company_invitation_cancel(invitation=invitation, acting_user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The invitation to %(email)s was cancelled.") % {"email": invitation.email})
    return redirect("applications:members")


@login_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_for_recipient(user=request.user, token=token).first()
    if invitation is None:
        # Not sent to this address, or no such token: the same answer, so that nothing leaks.
        return render(request, "applications/invitation_invalid.html", status=404)
    problem = None
    if invitation.accepted_at is not None:
        problem = _("This invitation has already been accepted.")
    elif invitation.is_expired():
        problem = _("This invitation has expired. Ask an owner of %(company)s to send a new one.") % {
            "company": invitation.company.name
        }
    elif membership_of(request.user) is not None:
        problem = _("You already belong to a company. A person can be a member of one company only.")
    if request.method == "POST" and problem is None:
        try:
            company_invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, _("Welcome to %(company)s.") % {"company": invitation.company.name})
            return redirect("applications:company_profile")
    context = {"invitation": invitation, "problem": problem}
    return render(request, "applications/invitation_accept.html", context, status=400 if problem else 200)
