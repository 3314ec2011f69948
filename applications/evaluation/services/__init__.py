"""Writes of the evaluation: keyword-only, atomic, permission-checked."""

from .assignment import (
    SpreadResult,
    assignment_create,
    assignments_spread,
    challenge_decide,
    challenge_enter,
    conflict_declare,
    conflicted_pairs,
)
from .committee import committee_close, committee_create, committee_update
from .scoring import CriterionInput, parse_score, score_sheet_save, sheet_totals_store
from .selection import (
    FUNDED_STATUSES,
    DecisionRequest,
    applications_decide,
    bonus_award,
    bonus_revoke,
    funded_total,
)

__all__ = [
    "FUNDED_STATUSES",
    "CriterionInput",
    "DecisionRequest",
    "SpreadResult",
    "applications_decide",
    "assignment_create",
    "assignments_spread",
    "bonus_award",
    "bonus_revoke",
    "challenge_decide",
    "challenge_enter",
    "committee_close",
    "committee_create",
    "committee_update",
    "conflict_declare",
    "conflicted_pairs",
    "funded_total",
    "parse_score",
    "score_sheet_save",
    "sheet_totals_store",
]
