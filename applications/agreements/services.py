"""The writes of the agreements: draft, save, issue, confirm, change. Keyword-only, each in one transaction;
notifications are written in the transaction and queued on commit.

A draft version is always saved as typed (the form checks only the types); the rules are checked when staff
issue the version: the period, at least one line, the call's caps and co-funding rules
(``applications.budget.check_budget``) and the call's budget. For the budget, the call's row is locked (as the
selection does) so that two versions issued at once are serialised and the second sees the first.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.budget import BudgetLine, check_budget
from applications.enums import FileKind
from applications.funding.models import Payment
from applications.models import Application
from applications.permissions import is_member
from applications.review.permissions import is_staff_user
from applications.services.transitions import move
from applications.uploads import check_upload
from applications.workflow import ApplicationStatus
from programs.models import Call, SupportItem
from reports.cache import results_changed

from .events import notify_agreement
from .models import Agreement, AgreementItem, AgreementMilestone, AgreementVersion

S = ApplicationStatus
AGREEMENT_STATUSES = (S.SELECTED, S.AGREEMENT, S.IN_PROGRESS)
MAX_MILESTONES = 12


@dataclass(frozen=True)
class LineInput:
    support_item_id: int
    city: int
    cash: int
    inkind: int


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_on: date | None
    deliverable: str


def _won(amount: int) -> str:
    return _("KRW %(amount)s") % {"amount": intcomma(amount)}


def _require_staff(user) -> None:
    if not is_staff_user(user):
        raise PermissionDenied(_("Only Technopark staff may prepare agreements."))


def _lines_create(version: AgreementVersion, budget_lines) -> None:
    """The version's lines, one per budget line given (an application's chosen items or an earlier version's
    lines)."""
    AgreementItem.objects.bulk_create(
        AgreementItem(
            version=version,
            support_item_id=line.support_item_id,
            city_support_krw=line.city_support_krw,
            company_cash_krw=line.company_cash_krw,
            company_inkind_krw=line.company_inkind_krw,
        )
        for line in budget_lines
    )


def _copy_content(source: AgreementVersion, target: AgreementVersion) -> None:
    _lines_create(target, source.lines.all())
    AgreementMilestone.objects.bulk_create(
        AgreementMilestone(version=target, order=m.order, title=m.title, due_on=m.due_on, deliverable=m.deliverable)
        for m in source.milestones.all()
    )


def _iso(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


@transaction.atomic
def agreement_draft(*, application: Application, acting_user) -> AgreementVersion:
    """Staff start the agreement of a selected application: version 1, prefilled from the frozen budget per
    support item and the application's milestones. A second call returns the existing draft."""
    _require_staff(acting_user)
    application = Application.objects.select_for_update().get(pk=application.pk)
    existing = Agreement.objects.filter(application=application).first()
    if existing is not None:
        return existing.versions.order_by("-number").first()
    if application.status != S.SELECTED:
        raise ValidationError(_("Only a selected application gets an agreement."), code="not_selected")
    agreement = Agreement.objects.create(application=application)
    milestones = [m for m in application.milestones or [] if isinstance(m, dict)]
    starts = [d for d in (_iso(m.get("starts_on")) for m in milestones) if d]
    ends = [d for d in (_iso(m.get("ends_on")) for m in milestones) if d]
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=1,
        starts_on=min(starts) if starts else None,
        ends_on=max(ends) if ends else None,
        created_by=acting_user,
    )
    _lines_create(version, application.items.all())
    AgreementMilestone.objects.bulk_create(
        AgreementMilestone(
            version=version,
            order=order,
            title=(m.get("title") or "")[:200],
            due_on=_iso(m.get("ends_on")),
            deliverable=(m.get("deliverable") or "")[:300],
        )
        for order, m in enumerate(milestones)
        if (m.get("title") or "").strip()
    )
    return version


def _draft_locked(version: AgreementVersion) -> AgreementVersion:
    version = AgreementVersion.objects.select_for_update().select_related("agreement").get(pk=version.pk)
    if version.issued_at is not None:
        raise ValidationError(
            _("This version was already sent to the company; start a change to alter it."), code="issued"
        )
    return version


@transaction.atomic
def agreement_version_save(
    *,
    version: AgreementVersion,
    acting_user,
    starts_on: date | None,
    ends_on: date | None,
    special_conditions: str,
    change_reason: str,
    lines: list[LineInput],
    milestones: list[MilestoneInput],
) -> AgreementVersion:
    """Save a draft version as typed (whatever rule it breaks: the rules are checked at issue)."""
    _require_staff(acting_user)
    version = _draft_locked(version)
    call_id = version.agreement.application.call_id
    item_ids = set(SupportItem.objects.filter(call_id=call_id).values_list("pk", flat=True))
    unknown = [line.support_item_id for line in lines if line.support_item_id not in item_ids]
    if unknown:
        raise ValidationError({"lines": _("A support item that is not of this call was given.")})
    if len(milestones) > MAX_MILESTONES:
        raise ValidationError({"milestones": _("Give at most %(max)d milestones.") % {"max": MAX_MILESTONES}})
    version.starts_on, version.ends_on = starts_on, ends_on
    version.special_conditions = (special_conditions or "").strip()
    version.change_reason = (change_reason or "").strip()
    version.save(update_fields=["starts_on", "ends_on", "special_conditions", "change_reason"])
    version.lines.all().delete()
    AgreementItem.objects.bulk_create(
        AgreementItem(
            version=version,
            support_item_id=line.support_item_id,
            city_support_krw=line.city,
            company_cash_krw=line.cash,
            company_inkind_krw=line.inkind,
        )
        for line in lines
        if line.city or line.cash or line.inkind
    )
    version.milestones.all().delete()
    AgreementMilestone.objects.bulk_create(
        AgreementMilestone(
            version=version, order=order, title=m.title.strip(), due_on=m.due_on, deliverable=m.deliverable.strip()
        )
        for order, m in enumerate(milestones)
        if m.title.strip()
    )
    return version


def agreed_city_total(*, call: Call, exclude_agreement_id: int | None = None) -> int:
    """City support (KRW) agreed in the call: the latest issued version of each agreement."""
    rows = (
        AgreementItem.objects.filter(version__agreement__application__call=call, version__issued_at__isnull=False)
        .exclude(version__agreement_id=exclude_agreement_id)
        .values_list("version__agreement_id", "version__number", "city_support_krw")
    )
    latest: dict[int, int] = {}
    sums: dict[tuple[int, int], int] = {}
    for agreement_id, number, city in rows:
        latest[agreement_id] = max(latest.get(agreement_id, 0), number)
        sums[(agreement_id, number)] = sums.get((agreement_id, number), 0) + city
    return sum(sums.get((agreement_id, number), 0) for agreement_id, number in latest.items())


def issue_problems(version: AgreementVersion) -> dict[str, list[str]]:
    """What keeps a draft version from being issued, by field (the budget of the call aside)."""
    problems: dict[str, list[str]] = {}
    if version.starts_on is None:
        problems.setdefault("starts_on", []).append(_("Enter the start of the project period."))
    if version.ends_on is None:
        problems.setdefault("ends_on", []).append(_("Enter the end of the project period."))
    if version.starts_on and version.ends_on and version.ends_on < version.starts_on:
        problems.setdefault("ends_on", []).append(_("The project cannot end before it starts."))
    if version.number > 1 and not version.change_reason.strip():
        problems.setdefault("change_reason", []).append(_("Give the reason for this change of the agreement."))
    lines = list(version.lines.select_related("support_item"))
    budget_lines = [
        BudgetLine(
            item=line.support_item,
            city=line.city_support_krw,
            cash=line.company_cash_krw,
            inkind=line.company_inkind_krw,
        )
        for line in lines
    ]
    item_ids = {line.support_item.code: line.support_item_id for line in lines}
    for problem in check_budget(budget_lines, complete=True):
        # The field of the form that shows it: city_<item id> or cash_<item id>, else the lines as a whole.
        key = f"{problem.part}_{item_ids[problem.item_code]}" if problem.item_code in item_ids else "lines"
        problems.setdefault(key, []).append(problem.message)
    if version.number > 1:
        # A change never agrees less than is paid already on a support item (payments: applications.funding).
        agreed = {line.support_item_id: line.city_support_krw for line in lines}
        paid = (
            Payment.objects.filter(agreement_id=version.agreement_id, voided_at__isnull=True)
            .values("support_item")
            .annotate(total=Sum("amount_krw"))
            .values_list("support_item", "total")
        )
        short = {item_id: total for item_id, total in paid if agreed.get(item_id, 0) < total}
        for item_id, item in SupportItem.objects.in_bulk(short).items():
            key = f"city_{item_id}" if item_id in agreed else "lines"
            problems.setdefault(key, []).append(
                _("%(item)s: %(paid)s is paid already; the agreed city support cannot be less.")
                % {"item": item.name, "paid": _won(short[item_id])}
            )
    return problems


@transaction.atomic
def agreement_version_issue(*, version: AgreementVersion, acting_user) -> AgreementVersion:
    """Staff send a draft version to the company, if it meets every rule and fits the call's budget."""
    _require_staff(acting_user)
    application = version.agreement.application
    call = Call.objects.select_for_update().get(pk=application.call_id)
    # The agreement's row too, as payments lock it: no payment slips in between the check and the issue.
    Agreement.objects.select_for_update().get(pk=version.agreement_id)
    version = _draft_locked(version)
    application = Application.objects.get(pk=version.agreement.application_id)
    if application.status not in AGREEMENT_STATUSES:
        raise ValidationError(_("This application is no longer selected; its agreement cannot be sent."))
    previous = version.agreement.versions.filter(number__lt=version.number).order_by("-number").first()
    if previous is not None and previous.confirmed_at is None:
        raise ValidationError(_("The previous version is not confirmed yet."), code="previous_open")
    problems = issue_problems(version)
    if problems:
        raise ValidationError(problems)
    others = agreed_city_total(call=call, exclude_agreement_id=version.agreement_id)
    city = version.totals()["city"]
    if others + city > call.budget_krw:
        message = _(
            "City support of %(amount)s does not fit the call's budget of %(budget)s: %(agreed)s is already agreed, "
            "%(remaining)s remains."
        ) % {
            "amount": _won(city),
            "budget": _won(call.budget_krw),
            "agreed": _won(others),
            "remaining": _won(max(call.budget_krw - others, 0)),
        }
        raise ValidationError({"lines": ValidationError(message, code="over_budget")})
    version.issued_at, version.issued_by = timezone.now(), acting_user
    version.save(update_fields=["issued_at", "issued_by"])
    notify_agreement(event="agreement_issued", version=version)
    return version


@transaction.atomic
def agreement_confirm(*, version: AgreementVersion, acting_user, signed_pdf=None) -> AgreementVersion:
    """A member of the company confirms the issued version (the record: who and when); the first confirmation
    concludes the agreement and starts the project (selected → agreement → in progress)."""
    version = AgreementVersion.objects.select_for_update().select_related("agreement").get(pk=version.pk)
    application = Application.objects.select_related("company").get(pk=version.agreement.application_id)
    if not is_member(acting_user, application.company):
        raise PermissionDenied(_("Only a member of the company may confirm its agreement."))
    if version.issued_at is None or version.confirmed_at is not None:
        raise ValidationError(_("This version is not waiting for your confirmation."), code="not_open")
    if version.agreement.versions.filter(number__gt=version.number).exists():
        raise ValidationError(_("A newer version of this agreement exists."), code="superseded")
    if signed_pdf is not None:
        checked = check_upload(signed_pdf)
        if checked.kind != FileKind.PDF:
            raise ValidationError({"signed_pdf": _("Upload the signed agreement as a PDF.")})
        version.signed_pdf.save(f"{version.pk}.pdf", signed_pdf, save=False)
        version.signed_pdf_name = (signed_pdf.name or "")[:255]
        version.signed_pdf_sha256 = checked.sha256
    version.confirmed_by, version.confirmed_at = acting_user, timezone.now()
    version.save()
    if application.status == S.SELECTED:
        move(application=application, acting_user=acting_user, to=S.AGREEMENT)
        move(application=application, acting_user=acting_user, to=S.IN_PROGRESS)
    notify_agreement(event="agreement_confirmed", version=version)
    results_changed()
    return version


@transaction.atomic
def agreement_change(*, agreement: Agreement, acting_user, reason: str) -> AgreementVersion:
    """Staff start a change (변경 협약): a new draft version copied from the confirmed one, with its reason."""
    _require_staff(acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"change_reason": _("Give the reason for this change of the agreement.")})
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    latest = agreement.versions.order_by("-number").first()
    if latest is None or latest.confirmed_at is None:
        raise ValidationError(_("Only a confirmed agreement can be changed."), code="not_confirmed")
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=latest.number + 1,
        starts_on=latest.starts_on,
        ends_on=latest.ends_on,
        special_conditions=latest.special_conditions,
        change_reason=reason,
        created_by=acting_user,
    )
    _copy_content(latest, version)
    return version
