from django_tasks import task

from profcluster.core import datacache
from profcluster.imports.exports import export_job_process
from profcluster.imports.models import ExportJob, ImportJob
from profcluster.imports.services import import_job_process


@task()
def process_import_job(job_id: int) -> str:
    job = import_job_process(job=ImportJob.objects.get(pk=job_id))
    datacache.data_changed()  # an applied file changes what the boards show
    return job.status


@task()
def run_export_job(job_id: int) -> str:
    job = export_job_process(job=ExportJob.objects.get(pk=job_id))
    return job.status
