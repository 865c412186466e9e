from django_tasks import task

from profcluster.core import datacache
from profcluster.kpi.models import ReportJob
from profcluster.kpi.services import report_job_process


@task()
def generate_report(job_id: int) -> str:
    job = report_job_process(job=ReportJob.objects.get(pk=job_id))
    datacache.data_changed()  # a job may submit every cluster's report, which the boards show
    return job.status
