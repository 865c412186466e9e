"""Background exports of list pages: the job is created by the list's request and written by the worker."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from profcluster.core.dbrouting import reading_from_replica
from profcluster.core.views import export_view
from profcluster.imports.models import ExportJob

# Files are kept a week: long enough to download a file started on Friday, short enough that the disk does
# not collect copies of personal data nobody needs any more.
KEEP_DAYS = 7


def export_job_create(
    *, user, title: str, url_name: str, path: str, query: str, format: str, total_rows: int
) -> ExportJob:
    """A job for the list's export, or the same export already under way (a second click starts nothing)."""
    from profcluster.imports.tasks import run_export_job

    language = translation.get_language()
    with transaction.atomic():
        running = (
            ExportJob.objects.filter(user=user, path=path, query=query, format=format, language=language)
            .filter(status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING])
            .first()
        )
        if running is not None:
            return running
        job = ExportJob.objects.create(
            user=user,
            title=title[:200],
            url_name=url_name,
            path=path,
            query=query,
            format=format,
            language=language,
            total_rows=total_rows,
        )
    run_export_job.enqueue(job.pk)
    return job


def export_job_process(*, job: ExportJob) -> ExportJob:
    """Write the file as the author's own export of the list would be written, counting rows as they go."""
    job.status = ExportJob.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done_rows=done)

    try:
        if not job.user.is_active:
            raise PermissionError("the account is disabled")
        # The rows are read as the page's own export reads them: from the replica, when there is one.
        with translation.override(job.language), reading_from_replica():
            view = export_view(path=job.path, query=job.query, user=job.user)
            # Not counted again: the request counted the rows a moment ago for the bar, and the rows written
            # are the exact total once the file is done (a recount scanned 250 000 graduates a second time).
            file = view.export_file(job.format, progress=progress)
    except Exception as error:  # a failed export says why instead of spinning forever
        job.status, job.error = ExportJob.Status.FAILED, str(error)
    else:
        job.file.save(file.filename, ContentFile(file.content), save=False)
        job.status = ExportJob.Status.DONE
        job.refresh_from_db(fields=["done_rows"])
        job.total_rows = job.done_rows
    job.finished_at = timezone.now()
    job.save()
    export_jobs_purge(days=KEEP_DAYS)
    return job


def export_jobs_purge(*, days: int) -> int:
    """Delete jobs older than `days` with their files; returns how many."""
    old = ExportJob.objects.filter(created_at__lt=timezone.now() - timedelta(days=days))
    count = 0
    for job in old.iterator():
        if job.file:
            job.file.delete(save=False)  # a file already gone from the disk is no reason to keep the row
        job.delete()
        count += 1
    return count
