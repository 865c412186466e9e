from django_tasks import task

from profcluster.imports.models import ImportJob
from profcluster.imports.services import import_job_process


@task()
def process_import_job(job_id: int) -> str:
    job = import_job_process(job=ImportJob.objects.get(pk=job_id))
    return job.status
