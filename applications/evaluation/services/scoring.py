"""Scoring: an expert saves a draft of their score sheet and submits it once; a submitted sheet never changes.

The weighted total of a sheet, Σ(score / max * weight) over the criteria, is computed by the database when
the sheet is submitted (``sheet_totals_store``) and stored on the sheet.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DecimalField, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import ConflictKind, SheetStatus
from ..events import notify_if_all_scores_in
from ..models import Assignment, Criterion, CriterionScore, ScoreSheet
from ..permissions import require_expert

MIN_COMMENT_LENGTH = 10


@dataclass(frozen=True)
class CriterionInput:
    score: str | Decimal | None
    comment: str


def score_field(criterion_id: int) -> str:
    return f"score_{criterion_id}"


def comment_field(criterion_id: int) -> str:
    return f"comment_{criterion_id}"


def parse_score(raw: str | Decimal | None, criterion: Criterion) -> Decimal | None:
    """The score as a Decimal (None when empty); ValidationError when out of 0..max or with 2+ decimals."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValidationError(_("Enter a number, for example 17 or 17.5.")) from None
    if not value.is_finite():
        raise ValidationError(_("Enter a number, for example 17 or 17.5."))
    if value != value.quantize(Decimal("0.1")):
        raise ValidationError(_("Use a whole number or one decimal place."))
    if value < 0 or value > criterion.max_score:
        raise ValidationError(
            _("Give a score between 0 and %(max)s.") % {"max": f"{criterion.max_score.normalize():f}"}
        )
    return value.quantize(Decimal("0.1"))


def sheet_totals_store(sheets: QuerySet[ScoreSheet], **fields) -> int:
    """Store Σ(score / max * weight) of each sheet (and ``fields``), computed by the database in one UPDATE."""
    weighted = (
        CriterionScore.objects.filter(sheet=OuterRef("pk"))
        .values("sheet")
        .annotate(
            t=Sum(
                F("score") * F("criterion__weight") / F("criterion__max_score"),
                output_field=DecimalField(max_digits=12, decimal_places=6),
            )
        )
        .values("t")
    )
    return sheets.update(total=Round(Subquery(weighted, output_field=DecimalField()), 3), **fields)


@transaction.atomic
def score_sheet_save(
    *, assignment: Assignment, acting_user, values: Mapping[int, CriterionInput], submit: bool = False
) -> ScoreSheet:
    """Save the expert's scores and comments (``values`` by criterion id) as a draft, or submit them.

    A draft may be incomplete; submitting needs every criterion scored and commented. After submission the
    sheet is refused any change. Errors name the field (``score_<id>`` / ``comment_<id>``).
    """
    require_expert(acting_user)
    assignment = Assignment.objects.select_for_update().select_related("committee").get(pk=assignment.pk)
    if assignment.expert_id != acting_user.pk or not assignment.is_active:
        raise PermissionDenied(_("This assignment is not yours."))
    declaration = getattr(assignment, "declaration", None)
    if declaration is None or declaration.kind != ConflictKind.NONE:
        raise PermissionDenied(_("Declare your conflicts of interest before scoring."))
    if assignment.committee.is_closed:
        raise ValidationError(_("The evaluation is closed; scores can no longer be saved."))
    sheet, _created = ScoreSheet.objects.select_for_update().get_or_create(assignment=assignment)
    if sheet.is_submitted:
        raise ValidationError(_("This score sheet was submitted and can no longer be changed."))

    criteria = list(assignment.committee.criteria.all())
    if not criteria:
        raise ValidationError(_("The rubric of this call has no criteria yet."))
    errors: dict[str, list[str]] = {}
    parsed: dict[int, tuple[Decimal | None, str]] = {}
    for criterion in criteria:
        entry = values.get(criterion.pk, CriterionInput(None, ""))
        comment = (entry.comment or "").strip()
        try:
            score = parse_score(entry.score, criterion)
        except ValidationError as error:
            errors[score_field(criterion.pk)] = error.messages
            score = None
        if len(comment) > 2000:
            errors[comment_field(criterion.pk)] = [_("Keep the comment under 2,000 characters.")]
        if submit:
            if score is None and score_field(criterion.pk) not in errors:
                errors[score_field(criterion.pk)] = [_("Score this criterion before submitting.")]
            if len(comment) < MIN_COMMENT_LENGTH:
                errors[comment_field(criterion.pk)] = [
                    _("Write a comment of at least %(n)d characters.") % {"n": MIN_COMMENT_LENGTH}
                ]
        parsed[criterion.pk] = (score, comment)
    if submit and sum(criterion.weight for criterion in criteria) != 100:
        errors.setdefault("__all__", []).append(
            _("The weights of the rubric do not sum to 100; the Technopark must correct the rubric first.")
        )
    if errors:
        raise ValidationError(errors)

    existing = {row.criterion_id: row for row in sheet.scores.all()}
    new, changed = [], []
    for criterion in criteria:
        score, comment = parsed[criterion.pk]
        row = existing.get(criterion.pk)
        if row is None:
            new.append(CriterionScore(sheet=sheet, criterion=criterion, score=score, comment=comment))
        elif (row.score, row.comment) != (score, comment):
            row.score, row.comment = score, comment
            changed.append(row)
    CriterionScore.objects.bulk_create(new)
    CriterionScore.objects.bulk_update(changed, ["score", "comment"])
    now = timezone.now()
    sheet.updated_at = now
    if submit:
        sheet_totals_store(
            ScoreSheet.objects.filter(pk=sheet.pk), status=SheetStatus.SUBMITTED, submitted_at=now, updated_at=now
        )
        sheet.refresh_from_db()
        notify_if_all_scores_in(committee_id=assignment.committee_id)
    else:
        sheet.save(update_fields=["updated_at"])
    return sheet
