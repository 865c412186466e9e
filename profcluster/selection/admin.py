from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from profcluster.selection.models import (
    Application,
    ApplicationBudgetLine,
    ApplicationParticipant,
    ClusterShowcase,
    Criterion,
    Expert,
    ExpertAssignment,
    PlannedActivity,
    PlannedProgramme,
    SelectionCall,
    Transition,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(SelectionCall)
class SelectionCallAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "cluster_kind", "opens_on", "closes_on", "is_published"]
    list_filter = ["year", "cluster_kind", "is_published"]
    filter_horizontal = ["industries"]
    inlines = [CriterionInline]


class ParticipantInline(admin.TabularInline):
    model = ApplicationParticipant
    extra = 0
    autocomplete_fields = ["organisation"]


class ProgrammeInline(admin.TabularInline):
    model = PlannedProgramme
    extra = 0


class BudgetInline(admin.TabularInline):
    model = ApplicationBudgetLine
    extra = 0


class ActivityInline(admin.TabularInline):
    model = PlannedActivity
    extra = 0


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    readonly_fields = ["from_status", "to_status", "user", "at", "comment"]


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["cluster_name", "call", "region", "status", "cluster"]
    list_filter = ["status", "call"]
    search_fields = ["cluster_name"]
    list_select_related = ["call", "region", "cluster"]
    autocomplete_fields = ["region", "industry", "base_college", "cluster"]
    inlines = [ParticipantInline, ProgrammeInline, BudgetInline, ActivityInline, TransitionInline]


@admin.register(Expert)
class ExpertAdmin(SimpleHistoryAdmin):
    list_display = ["user", "region", "organisation"]
    list_select_related = ["user", "region", "organisation"]
    autocomplete_fields = ["user", "region", "organisation"]


@admin.register(ExpertAssignment)
class ExpertAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["application", "expert", "assigned_at"]
    list_select_related = ["application", "expert__user"]


@admin.register(ClusterShowcase)
class ClusterShowcaseAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "is_published"]
    list_filter = ["is_published"]
    list_select_related = ["cluster"]
