"""One service per move of an application's status (the table is ``applications.workflow.TRANSITIONS``).

Each move checks who may make it, moves the status with a conditional UPDATE (``WHERE status = <from>``, so
that two people moving the same application at once cannot both succeed), writes an ``ApplicationStatusChange``
row in the same transaction and tells whom the move concerns (``applications.events.notify_status_change``:
the outbox rows are written in this transaction and queued on commit, so nothing is sent for a move that is
rolled back). Submission is its own module (``applications.services.submission``) because it also freezes the
content and takes a receipt number.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.permissions import is_technopark_staff
from reports.cache import results_changed

from ..events import notify_status_change
from ..models import Application, ApplicationStatusChange
from ..permissions import is_member
from ..workflow import Actor, ApplicationStatus, may_move

S = ApplicationStatus


def actor_of(user, application: Application) -> Actor | None:
    """How ``user`` acts on this application: as a member of its company, as staff, or the system (``None``)."""
    if user is None:
        return Actor.SYSTEM
    if is_member(user, application.company):
        return Actor.COMPANY
    if is_technopark_staff(user):
        return Actor.STAFF
    return None


def record_change(
    *,
    application: Application,
    from_status: str,
    to_status: str,
    acting_user,
    actor: Actor,
    at: datetime,
    reason: str = "",
    missing: list[str] | None = None,
    deadline: datetime | None = None,
    snapshot: dict | None = None,
) -> ApplicationStatusChange:
    change = ApplicationStatusChange.objects.create(
        application=application,
        from_status=from_status,
        to_status=to_status,
        changed_by=acting_user,
        actor=actor,
        changed_at=at,
        reason=reason,
        missing=missing or [],
        deadline=deadline,
        snapshot=snapshot,
    )
    notify_status_change(change=change)
    results_changed()
    return change


def _check_actor(application: Application, acting_user, to: ApplicationStatus) -> Actor:
    actor = actor_of(acting_user, application)
    if actor is None or not may_move(application.status, to, actor):
        raise PermissionDenied(
            _("You may not move this application from “%(from)s” to “%(to)s”.")
            % {"from": S(application.status).label, "to": to.label}
        )
    return actor


@transaction.atomic
def move(
    *,
    application: Application,
    acting_user,
    to: ApplicationStatus,
    reason: str = "",
    missing: list[str] | None = None,
    deadline: datetime | None = None,
    snapshot: dict | None = None,
) -> ApplicationStatusChange:
    """Move ``application`` to ``to`` if the table allows ``acting_user`` to; ``None`` as user is the system."""
    actor = _check_actor(application, acting_user, to)
    from_status = application.status
    now = timezone.now()
    moved = Application.objects.filter(pk=application.pk, status=from_status).update(status=to, updated_at=now)
    if not moved:
        current = Application.objects.filter(pk=application.pk).values_list("status", flat=True).first()
        raise ValidationError(
            _("This application is now “%(status)s”; it was changed meanwhile. Reload the page.")
            % {"status": S(current).label if current else "—"},
            code="stale_status",
        )
    application.status, application.updated_at = to, now
    return record_change(
        application=application,
        from_status=from_status,
        to_status=to,
        acting_user=acting_user,
        actor=actor,
        at=now,
        reason=reason,
        missing=missing,
        deadline=deadline,
        snapshot=snapshot,
    )


def _need_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for %(what)s.") % {"what": what}})
    return reason


# --- company moves -----------------------------------------------------------------------------------------


def application_withdraw(*, application: Application, acting_user, reason: str = "") -> ApplicationStatusChange:
    """The company withdraws a draft or a submitted application (until screening starts)."""
    return move(application=application, acting_user=acting_user, to=S.WITHDRAWN, reason=(reason or "").strip())


@transaction.atomic
def application_revision_submit(*, application: Application, acting_user, reason: str = "") -> ApplicationStatusChange:
    """The company sends its revision; the revised content is kept with the history row (the submitted snapshot
    stays as it was)."""
    from ..snapshot import content_json

    _check_actor(application, acting_user, S.REVISION_SUBMITTED)
    return move(
        application=application,
        acting_user=acting_user,
        to=S.REVISION_SUBMITTED,
        reason=(reason or "").strip(),
        snapshot=content_json(application),
    )


# --- staff moves (pages come with a later issue) -----------------------------------------------------------


def application_screening_start(*, application: Application, acting_user) -> ApplicationStatusChange:
    return move(application=application, acting_user=acting_user, to=S.SCREENING)


def application_revision_request(
    *, application: Application, acting_user, missing: list[str], deadline: datetime, reason: str = ""
) -> ApplicationStatusChange:
    """Ask the company for what is missing (each entry a line the company reads) by ``deadline``."""
    missing = [entry.strip() for entry in missing or [] if entry and entry.strip()]
    if not missing:
        raise ValidationError({"missing": _("Name what is missing.")})
    if deadline is None or deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline of a revision must be in the future.")})
    return move(
        application=application,
        acting_user=acting_user,
        to=S.REVISION_REQUESTED,
        reason=(reason or "").strip(),
        missing=missing,
        deadline=deadline,
    )


def application_evaluation_start(*, application: Application, acting_user) -> ApplicationStatusChange:
    return move(application=application, acting_user=acting_user, to=S.EVALUATION)


def application_select(*, application: Application, acting_user, reason: str = "") -> ApplicationStatusChange:
    return move(application=application, acting_user=acting_user, to=S.SELECTED, reason=(reason or "").strip())


def application_waitlist(*, application: Application, acting_user, reason: str = "") -> ApplicationStatusChange:
    return move(application=application, acting_user=acting_user, to=S.WAITLISTED, reason=(reason or "").strip())


def application_reject(*, application: Application, acting_user, reason: str) -> ApplicationStatusChange:
    """Not selected; every applicant is told why."""
    reason = _need_reason(reason, _("not selecting the application"))
    return move(application=application, acting_user=acting_user, to=S.NOT_SELECTED, reason=reason)


def application_agreement_conclude(*, application: Application, acting_user) -> ApplicationStatusChange:
    return move(application=application, acting_user=acting_user, to=S.AGREEMENT)


def application_project_start(*, application: Application, acting_user) -> ApplicationStatusChange:
    """The project begins after the agreement."""
    return move(application=application, acting_user=acting_user, to=S.IN_PROGRESS)


def application_complete(*, application: Application, acting_user) -> ApplicationStatusChange:
    return move(application=application, acting_user=acting_user, to=S.COMPLETED)


def application_cancel(*, application: Application, acting_user, reason: str) -> ApplicationStatusChange:
    reason = _need_reason(reason, _("cancelling the application"))
    return move(application=application, acting_user=acting_user, to=S.CANCELLED, reason=reason)
