from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from profcluster.governance.models import (
    Activity,
    AgendaItem,
    Assignment,
    Board,
    BoardMember,
    Decision,
    Meeting,
    Milestone,
    Programme,
    Vote,
)


class BoardMemberInline(admin.TabularInline):
    model = BoardMember
    extra = 0
    autocomplete_fields = ["person", "organisation"]


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "name", "quorum_rule"]
    list_select_related = ["cluster"]
    inlines = [BoardMemberInline]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["title", "direction", "planned_start", "planned_end", "status"]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "cluster", "version", "period_start", "period_end"]
    list_select_related = ["cluster"]
    inlines = [ActivityInline]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "direction", "planned_end", "status"]
    list_filter = ["direction", "status"]
    search_fields = ["title"]
    list_select_related = ["programme"]
    inlines = [MilestoneInline]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["number", "kind", "cluster", "date"]
    list_filter = ["kind"]
    list_select_related = ["cluster"]
    inlines = [AgendaItemInline]


class VoteInline(admin.TabularInline):
    model = Vote
    extra = 0


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting"]
    list_select_related = ["meeting"]
    inlines = [VoteInline]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "responsible_organisation", "due_date", "status"]
    list_filter = ["status"]
    list_select_related = ["responsible_organisation"]
