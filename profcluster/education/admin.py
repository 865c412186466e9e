from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from profcluster.education.models import (
    DemoExam,
    EducationalProgramme,
    EmploymentRecord,
    FgosCode,
    Group,
    Placement,
    Student,
    TargetedContract,
)


@admin.register(FgosCode)
class FgosCodeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(EducationalProgramme)
class EducationalProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "college", "cluster", "form", "shortened"]
    list_filter = ["form", "shortened", "admission_base"]
    search_fields = ["code", "name"]
    list_select_related = ["college", "cluster"]
    autocomplete_fields = ["college", "cluster", "partners"]


@admin.register(Group)
class GroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "programme", "intake_year", "planned_intake"]
    list_filter = ["intake_year"]
    search_fields = ["name"]
    list_select_related = ["programme"]


@admin.register(Student)
class StudentAdmin(SimpleHistoryAdmin):
    list_display = ["surname", "name", "patronymic", "group", "status", "status_since"]
    list_filter = ["status"]
    search_fields = ["surname", "name"]
    list_select_related = ["group"]
    raw_id_fields = ["group"]


@admin.register(TargetedContract)
class TargetedContractAdmin(SimpleHistoryAdmin):
    list_display = ["number", "date", "student", "employer", "status"]
    list_filter = ["status"]
    raw_id_fields = ["student", "employer"]


@admin.register(Placement)
class PlacementAdmin(SimpleHistoryAdmin):
    list_display = ["group", "student", "employer", "kind", "date_from", "hours", "confirmation"]
    list_filter = ["kind", "confirmation"]
    raw_id_fields = ["group", "student", "employer", "mentor"]


@admin.register(DemoExam)
class DemoExamAdmin(SimpleHistoryAdmin):
    list_display = ["student", "level", "date", "score", "passed"]
    list_filter = ["level", "passed"]
    raw_id_fields = ["student"]


@admin.register(EmploymentRecord)
class EmploymentRecordAdmin(SimpleHistoryAdmin):
    list_display = ["student", "checkpoint_months", "status", "employer", "by_speciality", "source"]
    list_filter = ["checkpoint_months", "status", "source"]
    raw_id_fields = ["student", "employer"]
