"""The states of an application and the moves between them, declared once.

    draft → submitted → screening → (revision_requested ↔ revision_submitted) → evaluation
          → selected / not_selected / waitlisted → agreement → in_progress → completed
    plus withdrawn (by the company, until screening starts) and cancelled (by staff or the system).

``TRANSITIONS`` says who may make each move; the services in ``applications.services.transitions`` are the
only code that changes ``Application.status``. Labels come in three voices: what staff see, what the applicant
sees, and what comes next for the applicant.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
    SCREENING = "screening", pgettext_lazy("application status", "Document screening")
    REVISION_REQUESTED = "revision_requested", pgettext_lazy("application status", "Revision requested")
    REVISION_SUBMITTED = "revision_submitted", pgettext_lazy("application status", "Revision submitted")
    EVALUATION = "evaluation", pgettext_lazy("application status", "Evaluation")
    SELECTED = "selected", pgettext_lazy("application status", "Selected")
    NOT_SELECTED = "not_selected", pgettext_lazy("application status", "Not selected")
    WAITLISTED = "waitlisted", pgettext_lazy("application status", "Waitlisted")
    AGREEMENT = "agreement", pgettext_lazy("application status", "Agreement concluded")
    IN_PROGRESS = "in_progress", pgettext_lazy("application status", "In progress")
    COMPLETED = "completed", pgettext_lazy("application status", "Completed")
    WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")
    CANCELLED = "cancelled", pgettext_lazy("application status", "Cancelled")


class Actor(models.TextChoices):
    """Who makes a move."""

    COMPANY = "company", _("Company member")
    STAFF = "staff", _("Technopark staff")
    SYSTEM = "system", _("System")


S = ApplicationStatus

# The statuses in which the company may change the content of its application.
EDITABLE_STATUSES = frozenset({S.DRAFT, S.REVISION_REQUESTED})
# Finished: nothing moves any more.
FINAL_STATUSES = frozenset({S.COMPLETED, S.NOT_SELECTED, S.WITHDRAWN, S.CANCELLED})
_CANCELLABLE = (
    S.SUBMITTED,
    S.SCREENING,
    S.REVISION_REQUESTED,
    S.REVISION_SUBMITTED,
    S.EVALUATION,
    S.SELECTED,
    S.WAITLISTED,
    S.AGREEMENT,
    S.IN_PROGRESS,
)
_STAFF = frozenset({Actor.STAFF})
_COMPANY = frozenset({Actor.COMPANY})

# (from, to) -> who may make the move.
TRANSITIONS: dict[tuple[ApplicationStatus, ApplicationStatus], frozenset[Actor]] = {
    (S.DRAFT, S.SUBMITTED): _COMPANY,
    (S.SUBMITTED, S.WITHDRAWN): _COMPANY,
    (S.SUBMITTED, S.SCREENING): _STAFF,
    (S.SCREENING, S.REVISION_REQUESTED): _STAFF,
    (S.REVISION_REQUESTED, S.REVISION_SUBMITTED): _COMPANY,
    (S.REVISION_SUBMITTED, S.REVISION_REQUESTED): _STAFF,
    (S.SCREENING, S.EVALUATION): _STAFF,
    (S.REVISION_SUBMITTED, S.EVALUATION): _STAFF,
    # Screening may end an application that does not meet the call (not selected, with the reason).
    (S.SCREENING, S.NOT_SELECTED): _STAFF,
    (S.REVISION_SUBMITTED, S.NOT_SELECTED): _STAFF,
    # A revision not sent by its deadline: staff decide, or a scheduled job of a later issue.
    (S.REVISION_REQUESTED, S.NOT_SELECTED): frozenset({Actor.STAFF, Actor.SYSTEM}),
    (S.EVALUATION, S.SELECTED): _STAFF,
    (S.EVALUATION, S.NOT_SELECTED): _STAFF,
    (S.EVALUATION, S.WAITLISTED): _STAFF,
    (S.WAITLISTED, S.SELECTED): _STAFF,
    (S.WAITLISTED, S.NOT_SELECTED): _STAFF,
    # The company's confirmation of its agreement concludes it and starts the project (applications.agreements).
    (S.SELECTED, S.AGREEMENT): frozenset({Actor.STAFF, Actor.COMPANY}),
    (S.AGREEMENT, S.IN_PROGRESS): frozenset({Actor.STAFF, Actor.COMPANY}),
    (S.IN_PROGRESS, S.COMPLETED): _STAFF,
    **{(status, S.CANCELLED): frozenset({Actor.STAFF, Actor.SYSTEM}) for status in _CANCELLABLE},
}


def allowed_targets(status: str, actor: Actor) -> list[ApplicationStatus]:
    """The statuses ``actor`` may move an application in ``status`` to."""
    return [to for (frm, to), actors in TRANSITIONS.items() if frm == status and actor in actors]


def may_move(status: str, to: str, actor: Actor) -> bool:
    return actor in TRANSITIONS.get((ApplicationStatus(status), ApplicationStatus(to)), frozenset())


@dataclass(frozen=True)
class StatusText:
    staff: Promise
    applicant: Promise
    next_step: Promise  # what comes next, for the applicant


STATUS_TEXT: dict[ApplicationStatus, StatusText] = {
    S.DRAFT: StatusText(
        _("Draft (not submitted)"),
        _("Draft: not submitted yet"),
        _("Complete every section, check the review page and submit before the deadline."),
    ),
    S.SUBMITTED: StatusText(
        _("Submitted, waiting for screening"),
        _("Submitted: received by the Technopark"),
        _("The Technopark screens your documents. You may still withdraw until screening starts."),
    ),
    S.SCREENING: StatusText(
        _("Document screening"),
        _("Your documents are being screened"),
        _("If something is missing you will be asked for a revision; otherwise the evaluation follows."),
    ),
    S.REVISION_REQUESTED: StatusText(
        _("Revision requested, waiting for the company"),
        _("Revision requested: action needed"),
        _("Add what was asked for and send the revision before its deadline."),
    ),
    S.REVISION_SUBMITTED: StatusText(
        _("Revision received, to be checked"),
        _("Revision sent"),
        _("The Technopark checks your revision."),
    ),
    S.EVALUATION: StatusText(
        _("Committee evaluation"),
        _("Being evaluated by the committee"),
        _("The committee of outside experts scores the applications; results are announced afterwards."),
    ),
    S.SELECTED: StatusText(
        _("Selected"),
        _("Selected for support"),
        _("The Technopark sends you the agreement to review and confirm online."),
    ),
    S.NOT_SELECTED: StatusText(
        _("Not selected"),
        _("Not selected"),
        _("The reasons are given in the history below. You may apply to a later call."),
    ),
    S.WAITLISTED: StatusText(
        _("Waitlisted"),
        _("On the waiting list"),
        _("You are selected if a selected company drops out or budget remains."),
    ),
    S.AGREEMENT: StatusText(
        _("Agreement concluded"),
        _("Agreement concluded"),
        _("The project starts as soon as you confirm the agreement."),
    ),
    S.IN_PROGRESS: StatusText(
        _("Project in progress"),
        _("Project in progress"),
        _("Carry out the plan and submit the interim and final reports."),
    ),
    S.COMPLETED: StatusText(
        _("Completed"),
        _("Project completed"),
        _("Report your outcomes (sales, hires, patents) when the Technopark asks for them."),
    ),
    S.WITHDRAWN: StatusText(
        _("Withdrawn by the company"),
        pgettext_lazy("application status", "Withdrawn"),
        _("You withdrew this application. You may apply to a later call."),
    ),
    S.CANCELLED: StatusText(
        _("Cancelled"),
        _("Cancelled"),
        _("The reason is given in the history below."),
    ),
}


def staff_label(status: str) -> str:
    return str(STATUS_TEXT[ApplicationStatus(status)].staff)


def applicant_label(status: str) -> str:
    return str(STATUS_TEXT[ApplicationStatus(status)].applicant)


def next_step(status: str) -> str:
    return str(STATUS_TEXT[ApplicationStatus(status)].next_step)
