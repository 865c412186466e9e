from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from profcluster.finance.models import (
    BudgetLine,
    BudgetRevision,
    CofinancingRule,
    Commitment,
    Payment,
    SpendingCategory,
)


@admin.register(SpendingCategory)
class SpendingCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "position"]
    list_editable = ["position"]
    search_fields = ["name", "code"]


@admin.register(CofinancingRule)
class CofinancingRuleAdmin(SimpleHistoryAdmin):
    list_display = ["selection_year", "cluster_kind", "basis", "min_percent"]
    list_filter = ["selection_year", "cluster_kind", "basis"]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(BudgetRevision)
class BudgetRevisionAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "year", "number", "is_current", "reason", "created_at"]
    list_filter = ["year", "is_current"]
    list_select_related = ["cluster"]
    inlines = [BudgetLineInline]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["number", "date", "cluster", "source", "category", "organisation", "amount"]
    list_filter = ["year", "source", "category"]
    list_select_related = ["cluster", "category", "organisation"]
    search_fields = ["number", "subject"]
    autocomplete_fields = ["organisation", "counterparty"]


@admin.register(Payment)
class PaymentAdmin(SimpleHistoryAdmin):
    list_display = ["document", "date", "cluster", "source", "category", "organisation", "amount", "stage"]
    list_filter = ["year", "source", "category", "stage"]
    list_select_related = ["cluster", "category", "organisation"]
    search_fields = ["document"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["commitment"]
