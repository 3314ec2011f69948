from .committee import BonusAward, BonusItem, Committee, Criterion, ExpertProfile
from .scoring import Assignment, Challenge, ConflictDeclaration, CriterionScore, ScoreSheet

__all__ = [
    "Assignment",
    "BonusAward",
    "BonusItem",
    "Challenge",
    "Committee",
    "ConflictDeclaration",
    "Criterion",
    "CriterionScore",
    "ExpertProfile",
    "ScoreSheet",
]
