from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from profcluster.core.importer import run_import
from profcluster.core.tabular import TableError, read_table
from profcluster.imports.models import ImportJob
from profcluster.imports.registry import specs


def background_rows() -> int:
    """Files with more rows than this are checked and imported in the background, with progress shown."""
    return getattr(settings, "IMPORT_BACKGROUND_ROWS", 500)


def import_job_create(*, user, register: str, filename: str, content: bytes) -> ImportJob:
    job = ImportJob.objects.create(user=user, register=register, filename=filename, content=content)
    import_job_start(job=job, apply=False)
    return job


def import_job_start(*, job: ImportJob, apply: bool) -> None:
    """Check (or import) now when the file is small, else hand it to the background worker."""
    from profcluster.imports.tasks import process_import_job

    job.apply_requested = apply
    job.status = ImportJob.Status.QUEUED
    job.save(update_fields=["apply_requested", "status"])
    try:
        rows = len(read_table(bytes(job.content), job.filename).rows)
    except TableError:
        rows = 0  # the worker reports the reason
    if rows > background_rows():
        process_import_job.enqueue(job.pk)
    else:
        import_job_process(job=job)


def import_job_process(*, job: ImportJob) -> ImportJob:
    """Run the engine on the job's file; the preview keeps the first rows as parsed and every error."""
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])
    spec = specs()[job.register]

    def progress(done, total):
        ImportJob.objects.filter(pk=job.pk).update(done_rows=done, total_rows=total)

    try:
        table = read_table(bytes(job.content), job.filename)
    except TableError as error:
        job.status, job.result = ImportJob.Status.FAILED, {"errors": [str(error)], "rows": []}
    else:
        job.total_rows = len(table.rows)
        result = run_import(spec, table, job.user, apply=job.apply_requested, progress=progress)
        job.result = {
            "errors": result.error_messages[:500],
            "error_count": len(result.error_messages),
            "counts": {action: result.count(action) for action in ("create", "update", "unchanged")},
            "columns": [column.header for column in spec.all_columns],
            "fields": [column.field for column in spec.all_columns],
            "preview": [
                {"number": row.number, "action": row.action, "values": row.values} for row in result.rows[:20]
            ],
        }
        if result.applied:
            job.status = ImportJob.Status.APPLIED
        elif result.ok:
            job.status = ImportJob.Status.CHECKED
        else:
            job.status = ImportJob.Status.FAILED
        job.done_rows = job.total_rows
    job.finished_at = timezone.now()
    job.save()
    return job


def import_template(spec) -> list:
    """Headers, an example row and an explanation of each column, for the downloadable template."""
    # The cells that lookups read (a student's group beside the name) are columns of the file like the others.
    columns = spec.all_columns
    headers = [column.header for column in columns]
    example = [column.example for column in columns]
    notes = [
        [column.header, _("required") if column.required else _("optional"), str(column.help)]
        for column in columns
    ]
    return [headers, example, notes]
