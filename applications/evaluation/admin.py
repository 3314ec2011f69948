"""The evaluation in the Django admin: committees with their rubric inline, experts, assignments, bonus awards.

Score sheets are not in the admin at all: experts' scores are read on the staff pages, which show them only as the
evaluation's rules allow (the admin has no notion of a committee being closed).
"""

from django.contrib import admin

from .enums import SheetStatus
from .models import (
    Assignment,
    BonusAward,
    BonusItem,
    Challenge,
    Committee,
    ConflictDeclaration,
    Criterion,
    ExpertProfile,
    ScoreSheet,
)


def _rubric_locked(committee: Committee | None) -> bool:
    """Once a sheet is submitted the criteria may not change: stored totals were computed with them."""
    return bool(
        committee
        and committee.pk
        and ScoreSheet.objects.filter(assignment__committee=committee, status=SheetStatus.SUBMITTED).exists()
    )


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0

    def has_add_permission(self, request, obj=None):
        return not _rubric_locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _rubric_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _rubric_locked(obj) and super().has_delete_permission(request, obj)


class BonusItemInline(admin.TabularInline):
    model = BonusItem
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["call", "meeting_on", "cutoff_score", "experts_per_application", "closed_at"]
    list_select_related = ["call"]
    readonly_fields = ["closed_at", "closed_by", "close_override_reason"]
    filter_horizontal = ["members"]
    inlines = [CriterionInline, BonusItemInline]


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "fields"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__full_name", "organisation", "fields"]
    raw_id_fields = ["user"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["application", "expert", "is_active", "assigned_at", "removed_reason"]
    list_filter = ["is_active", "committee"]
    list_select_related = ["application", "expert"]
    raw_id_fields = ["application", "expert", "assigned_by"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ["assignment", "kind", "ground", "declared_at"]
    list_filter = ["kind"]
    raw_id_fields = ["assignment"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["application", "expert", "decision", "entered_at", "decided_at"]
    list_filter = ["decision"]
    raw_id_fields = ["application", "expert", "entered_by", "decided_by"]


@admin.register(BonusAward)
class BonusAwardAdmin(admin.ModelAdmin):
    list_display = ["application", "bonus_item", "points", "awarded_by", "awarded_at"]
    raw_id_fields = ["application", "awarded_by"]
