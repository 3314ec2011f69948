"""Staff edit programs, calls, support items and eligibility rules here, without code.

A rule's parameters are JSON; ``EligibilityRule.clean`` checks them with ``validate_rule_params``, so a
wrong parameter is answered next to the field with a message that names it.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Call, EligibilityRule, Program, SupportItem
from .rule_params import __doc__ as RULE_PARAMS_HELP
from .services import call_copy_to_next_year

# Evidence asked on a new call's outcome reports: tax invoices or statements for sales and exports, the
# registers for patents, the certificates, the agreement of an R&D task.
DEFAULT_OUTCOME_EVIDENCE = ("sales_krw", "exports_krw", "patents_registered", "certifications", "rd_tasks")


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["letter", "code", "name_ko", "name_en", "operator_ko"]
    search_fields = ["code", "name_ko", "name_en"]
    ordering = ["letter"]


class SupportItemInline(admin.TabularInline):
    model = SupportItem
    extra = 0
    fields = [
        "order",
        "code",
        "name_ko",
        "name_en",
        "is_rnd",
        "max_support_krw",
        "company_share_pct",
        "min_cash_pct",
        "combinable",
    ]


class EligibilityRuleInline(admin.StackedInline):
    model = EligibilityRule
    extra = 0
    fields = [("order", "rule_type", "is_active"), "params", "evidence_document", "message_ko", "message_en"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["params"].help_text = _params_help()
        return formset


def _params_help():
    """The parameters of each rule type, from ``programs.rule_params``' docstring."""
    table = RULE_PARAMS_HELP.split("\n\n", 2)[-1].strip()
    return format_html("{}<pre>{}</pre>", gettext("JSON parameters of each rule type:"), table)


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["code", "program", "year", "status", "opens_at", "closes_at", "budget_krw"]
    list_filter = ["program", "status", "year"]
    search_fields = ["code", "title_ko", "title_en"]
    list_select_related = ["program"]
    date_hierarchy = "opens_at"
    readonly_fields = ["copied_from", "created_by", "created_at", "updated_at"]
    inlines = [SupportItemInline, EligibilityRuleInline]
    actions = ["copy_to_next_year"]
    fieldsets = [
        (None, {"fields": ["program", "year", "code", "status", "title_ko", "title_en"]}),
        (_("Description"), {"fields": ["description_ko", "description_en"]}),
        (_("Schedule"), {"fields": ["opens_at", "closes_at", "evaluation_on", "results_on", "agreement_due_on"]}),
        (_("Budget and documents"), {"fields": ["budget_krw", "required_documents"]}),
        (_("Outcome reports"), {"fields": ["outcome_report_years", "outcome_evidence_fields"]}),
        (_("Contact"), {"fields": ["contact_name", "contact_phone", "contact_email"]}),
        (_("History"), {"fields": ["copied_from", "created_by", "created_at", "updated_at"]}),
    ]

    def get_changeform_initial_data(self, request):
        """A new call asks evidence for the figures staff check against documents (the model's default stays
        the empty list, so that existing calls and the import are unchanged)."""
        return {"outcome_evidence_fields": list(DEFAULT_OUTCOME_EVIDENCE)} | super().get_changeform_initial_data(
            request
        )

    @admin.action(description=_("Copy to next year (as a draft)"), permissions=["add"])
    def copy_to_next_year(self, request, queryset):
        for call in queryset.select_related("program").order_by("year", "program__letter"):
            try:
                copy = call_copy_to_next_year(call=call, acting_user=request.user)
            except ValidationError as error:
                self.message_user(
                    request,
                    gettext("%(call)s: %(error)s") % {"call": call.code, "error": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    gettext("%(call)s copied to %(copy)s (draft).") % {"call": call.code, "copy": copy.code},
                    messages.SUCCESS,
                )


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(admin.ModelAdmin):
    list_display = ["call", "order", "rule_type", "params", "evidence_document", "is_active"]
    list_filter = ["rule_type", "is_active", "call__program", "call__year"]
    list_select_related = ["call", "call__program"]
    search_fields = ["call__code", "message_ko", "message_en"]
