"""Every problem of an application before it is submitted, found in one place for the review page and the
submission service alike: budget, missing texts and declarations, missing required or evidence documents,
expired documents (a warning) and the eligibility result of the programs engine with the company's facts.

Expects an application loaded by ``applications.selectors.application_for_user`` (or the same prefetches):
then it makes no query.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from programs.eligibility import EligibilityResult, RuleResult, check_eligibility
from programs.enums import DocumentType, Outcome, Verdict

from .budget import BudgetLine, check_budget
from .models import Application, VaultDocument
from .workflow import ApplicationStatus

# Sections of the editor, for the links from a problem to where it is fixed.
SECTION_PROJECT = "project"
SECTION_PLAN = "plan"
SECTION_BUDGET = "budget"
SECTION_DOCUMENTS = "documents"
SECTION_DECLARATIONS = "declarations"
SECTION_ELIGIBILITY = "eligibility"


@dataclass(frozen=True)
class Problem:
    section: str
    message: str
    blocking: bool = True


def budget_lines(application: Application) -> list[BudgetLine]:
    return [
        BudgetLine(
            item=row.support_item, city=row.city_support_krw, cash=row.company_cash_krw, inkind=row.company_inkind_krw
        )
        for row in application.items.all()
    ]


def milestone_problems(milestone: dict[str, str]) -> list[tuple[str, str]]:
    """What is wrong with one saved milestone, as (part, message): it is saved as typed, whatever is wrong."""
    problems = []
    if not (milestone.get("title") or "").strip():
        problems.append(("title", _("Give this milestone a title.")))
    starts, ends = milestone.get("starts_on") or "", milestone.get("ends_on") or ""
    if starts and ends and ends < starts:  # ISO dates compare as text
        problems.append(("ends_on", _("A milestone cannot end before it starts.")))
    return problems


def deadline_of(application: Application) -> datetime:
    """The deadline that holds for the application now: the revision deadline while a revision is requested (when
    staff gave one), else the call's deadline."""
    if application.status == ApplicationStatus.REVISION_REQUESTED:
        request = (
            application.status_changes.filter(to_status=ApplicationStatus.REVISION_REQUESTED)
            .order_by("-changed_at", "-id")
            .first()
        )
        if request is not None and request.deadline is not None:
            return request.deadline
    return application.call.closes_at


def deadline_passed(application: Application) -> bool:
    return timezone.now() >= deadline_of(application)


def eligibility_of(application: Application, *, today: date) -> EligibilityResult:
    """The engine's verdict on the company's current profile for the application's call."""
    return check_eligibility(application.company.to_facts(on=today), application.call)


def _label(code: str) -> str:
    return str(DocumentType(code).label) if code in DocumentType.values else code


def application_problems(application: Application, *, eligibility: EligibilityResult, today: date) -> list[Problem]:
    problems: list[Problem] = []
    if not application.project_title.strip():
        problems.append(Problem(SECTION_PROJECT, _("Project title: enter the title of the project.")))
    if not application.project_summary.strip():
        problems.append(Problem(SECTION_PROJECT, _("Project summary: describe the project in a few sentences.")))
    if not application.current_state.strip() or not application.objective.strip():
        problems.append(Problem(SECTION_PROJECT, _("Current state and objective: describe both.")))
    if not application.milestones:
        problems.append(Problem(SECTION_PLAN, _("Plan: give at least one milestone.")))
    for row, milestone in enumerate(application.milestones or [], start=1):
        for _part, message in milestone_problems(milestone):
            problems.append(
                Problem(SECTION_PLAN, _("Milestone %(row)d: %(problem)s") % {"row": row, "problem": message})
            )
    if application.uses_experts and not application.expert_field.strip():
        problems.append(Problem(SECTION_PLAN, _("Outside experts: name the field of the experts you will use.")))
    for budget_problem in check_budget(budget_lines(application), complete=True):
        problems.append(Problem(SECTION_BUDGET, budget_problem.message))

    attached = {row.doc_type: row.document for row in application.attachments.all()}
    for code in application.call.required_documents or []:
        if code not in attached:
            problems.append(
                Problem(SECTION_DOCUMENTS, _("Required document missing: %(doc)s.") % {"doc": _label(code)})
            )
    for code, document in attached.items():
        if document.is_expired(today):
            problems.append(
                Problem(
                    SECTION_DOCUMENTS,
                    _("%(doc)s “%(title)s” expired on %(date)s: replace it in the vault with a valid one.")
                    % {"doc": _label(code), "title": document.title, "date": document.expires_on.isoformat()},
                    blocking=False,
                )
            )

    if eligibility.verdict == Verdict.INELIGIBLE:
        for rule in eligibility.failed:
            problems.append(Problem(SECTION_ELIGIBILITY, _("Not eligible: %(reason)s") % {"reason": rule.message}))
    elif eligibility.verdict == Verdict.NEEDS_EVIDENCE:
        for code in dict.fromkeys(eligibility.missing_evidence):
            if code not in attached:
                problems.append(
                    Problem(
                        SECTION_DOCUMENTS,
                        _("Evidence needed for eligibility: attach the %(doc)s.") % {"doc": _label(code)},
                    )
                )

    declarations = (
        application.declares_no_tax_arrears,
        application.declares_no_duplicate_funding,
        application.declares_truthful,
    )
    if not all(declarations):
        problems.append(Problem(SECTION_DECLARATIONS, _("Declarations: confirm all three declarations.")))
    return problems


def blocking(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.blocking]


# The review page's verdict when every rule that needs evidence has its evidence attached: nothing is missing any
# more, the staff check the documents after submission.
EVIDENCE_ATTACHED = "evidence_attached"


@dataclass(frozen=True)
class ReviewRule:
    """One rule of the engine's result as the review page shows it: a rule waiting for evidence that is attached
    to the application says so, instead of "evidence needed"."""

    result: RuleResult
    evidence: VaultDocument | None = None

    @property
    def outcome(self) -> str:
        return EVIDENCE_ATTACHED if self.evidence is not None else str(self.result.outcome)

    @property
    def outcome_label(self) -> str:
        return _("Evidence attached") if self.evidence is not None else str(self.result.outcome.label)

    @property
    def message(self) -> str:
        if self.evidence is None:
            return self.result.message
        return _("Attached: %(doc)s “%(title)s”; the staff check it after submission.") % {
            "doc": self.result.evidence_label,
            "title": self.evidence.title,
        }


@dataclass(frozen=True)
class ReviewEligibility:
    verdict: str
    verdict_label: str
    rules: list[ReviewRule]


def review_eligibility(application: Application, eligibility: EligibilityResult) -> ReviewEligibility:
    """The engine's result with the application's attachments taken into account, so that the verdict, the rules
    and the list of problems on the review page say the same thing."""
    attached = {row.doc_type: row.document for row in application.attachments.all()}
    rules = [
        ReviewRule(
            result=rule,
            evidence=attached.get(rule.evidence_document)
            if rule.outcome == Outcome.UNKNOWN and rule.evidence_document
            else None,
        )
        for rule in eligibility.rules
    ]
    if eligibility.verdict == Verdict.NEEDS_EVIDENCE and all(
        rule.evidence is not None for rule in rules if rule.result.outcome == Outcome.UNKNOWN
    ):
        return ReviewEligibility(EVIDENCE_ATTACHED, _("Evidence attached: the staff check it after submission"), rules)
    return ReviewEligibility(str(eligibility.verdict), str(eligibility.verdict.label), rules)
