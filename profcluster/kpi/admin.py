from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from profcluster.kpi.models import (
    Indicator,
    LockException,
    ManualValue,
    Report,
    ReportingPeriod,
    ReportJob,
    ReportTransition,
    ReportValue,
    Target,
)


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "direction", "periodicity", "formula", "active"]
    list_filter = ["unit", "periodicity", "active"]
    search_fields = ["code", "name"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "deadline", "closed"]
    list_filter = ["kind", "closed"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "indicator", "year", "value"]
    list_filter = ["year"]
    list_select_related = ["cluster", "indicator"]


@admin.register(ManualValue)
class ManualValueAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "indicator", "period", "value", "entered_by"]
    list_select_related = ["cluster", "indicator", "period", "entered_by"]


@admin.register(LockException)
class LockExceptionAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "period", "until", "granted_by"]
    list_select_related = ["cluster", "period", "granted_by"]


class ReportValueInline(admin.TabularInline):
    model = ReportValue
    extra = 0
    readonly_fields = ["indicator", "value", "target"]
    can_delete = False


class ReportTransitionInline(admin.TabularInline):
    model = ReportTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "user", "at", "comment"]
    can_delete = False


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "period", "status", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["cluster", "period"]
    # The cycle moves through the services (who acts is checked there): the admin only reads it.
    readonly_fields = ["cluster", "period", "status", "comment", "submitted_at"]
    inlines = [ReportValueInline, ReportTransitionInline]


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "status", "created_at"]
    exclude = ["content"]
