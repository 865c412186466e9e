from django.contrib import admin

from profcluster.imports.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["filename", "register", "user", "status", "created_at"]
    list_filter = ["status", "register"]
    exclude = ["content"]
    readonly_fields = ["user", "register", "filename", "status", "result", "done_rows", "total_rows"]
