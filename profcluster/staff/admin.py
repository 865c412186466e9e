from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from profcluster.staff.models import Course, ScanAccess, StaffMember, TeachingAssignment, TrainingRecord


class TrainingRecordInline(admin.TabularInline):
    model = TrainingRecord
    extra = 0
    autocomplete_fields = ["course"]


@admin.register(StaffMember)
class StaffMemberAdmin(SimpleHistoryAdmin):
    list_display = ["person", "category", "organisation", "host_organisation", "employment"]
    list_filter = ["category", "employment"]
    search_fields = ["person__surname", "person__name"]
    list_select_related = ["person", "organisation", "host_organisation"]
    autocomplete_fields = ["person", "host_organisation", "clusters"]
    inlines = [TrainingRecordInline]


@admin.register(Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "provider", "kind", "hours", "format"]
    list_filter = ["kind", "format"]
    search_fields = ["title", "topic", "provider__short_name"]
    list_select_related = ["provider"]
    autocomplete_fields = ["provider", "registered_by"]


@admin.register(TeachingAssignment)
class TeachingAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["practitioner", "cluster", "discipline", "academic_year", "semester", "delivered_hours"]
    list_filter = ["kind", "academic_year"]
    list_select_related = ["practitioner__person", "cluster"]


@admin.register(ScanAccess)
class ScanAccessAdmin(admin.ModelAdmin):
    list_display = ["accessed_at", "user", "record"]
    list_select_related = ["user", "record__course", "record__staff_member__person"]

    # The access log is evidence: nobody edits or deletes it, not even administrators.
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
