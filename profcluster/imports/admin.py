from django.contrib import admin

from profcluster.imports.models import ExportJob, ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["filename", "register", "user", "status", "created_at"]
    list_filter = ["status", "register"]
    exclude = ["content"]
    readonly_fields = ["user", "register", "filename", "status", "result", "done_rows", "total_rows"]


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["title", "format", "user", "status", "total_rows", "created_at"]
    list_filter = ["status", "format", "url_name"]
    # The file is its author's alone (it may hold unmasked personal data): the admin sees only the job.
    exclude = ["file"]
    readonly_fields = [
        "user",
        "title",
        "url_name",
        "path",
        "query",
        "format",
        "language",
        "status",
        "done_rows",
        "total_rows",
        "error",
        "finished_at",
    ]
