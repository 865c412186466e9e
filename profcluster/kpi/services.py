"""Writes of the reporting cycle: each checks who acts, changes the report and logs the step, atomically."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from profcluster.clusters.models import Cluster
from profcluster.core.history import history_restore
from profcluster.core.permissions import ACCEPT, CHANGE, VERIFY
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
from profcluster.kpi.selectors import compute_values, indicators_for, period_is_open, targets_for

S = Report.Status


def _allowed(user, action: str, cluster) -> bool:
    return Cluster.objects.restrict(user, action).filter(pk=cluster.pk).exists()


def _step(report: Report, to: str, user, comment: str = "") -> Report:
    ReportTransition.objects.create(
        report=report, from_status=report.status, to_status=to, user=user, comment=comment
    )
    report.status = to
    report._change_reason = comment[:100] or to
    report.save()
    return report


@transaction.atomic
def report_open(*, cluster: Cluster, period: ReportingPeriod) -> Report:
    report, _created = Report.objects.get_or_create(cluster=cluster, period=period)
    return report


@transaction.atomic
def report_submit(*, cluster: Cluster, period: ReportingPeriod, user) -> Report:
    """Freeze the values of the moment (the snapshot) and hand the report to the region."""
    if not _allowed(user, CHANGE, cluster):
        raise PermissionDenied(_("Only those who manage the cluster submit its report."))
    report = (
        Report.objects.select_for_update().filter(pk=report_open(cluster=cluster, period=period).pk).get()
    )
    if not report.is_editable:
        raise ValidationError(_("The report has been submitted already."))
    single = Cluster.objects.filter(pk=cluster.pk)
    indicators = indicators_for(period)
    values = compute_values(indicators, single, period)
    targets = targets_for(single, period.year)
    report.values.all().delete()
    ReportValue.objects.bulk_create(
        ReportValue(
            report=report,
            indicator=indicator,
            value=_stored(values.get((indicator.pk, cluster.pk))),
            target=targets.get((indicator.pk, cluster.pk)),
        )
        for indicator in indicators
    )
    report.submitted_at = timezone.now()
    report.comment = ""
    return _step(report, S.SUBMITTED, user)


def _stored(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.0001"))


@transaction.atomic
def report_approve(*, report: Report, user) -> Report:
    if not _allowed(user, VERIFY, report.cluster):
        raise PermissionDenied(_("Reports are approved by the regional ministry."))
    if report.status != S.SUBMITTED:
        raise ValidationError(_("Only a submitted report is approved."))
    return _step(report, S.APPROVED, user)


@transaction.atomic
def report_return(*, report: Report, user, comment: str) -> Report:
    """Send back for revision: the region a submitted report, the federal operator an approved one."""
    if report.status == S.SUBMITTED:
        allowed = _allowed(user, VERIFY, report.cluster)
    elif report.status == S.APPROVED:
        allowed = _allowed(user, ACCEPT, report.cluster)
    else:
        raise ValidationError(_("Only a submitted or approved report is returned."))
    if not allowed:
        raise PermissionDenied(_("You do not review this report."))
    if not comment.strip():
        raise ValidationError(_("Say what has to be corrected."))
    report.comment = comment
    return _step(report, S.RETURNED, user, comment)


@transaction.atomic
def report_accept(*, report: Report, user) -> Report:
    if not _allowed(user, ACCEPT, report.cluster):
        raise PermissionDenied(_("Reports are accepted by the federal operator."))
    if report.status != S.APPROVED:
        raise ValidationError(_("Only a report approved by the region is accepted."))
    return _step(report, S.ACCEPTED, user)


def manual_entry_open(*, cluster: Cluster, period: ReportingPeriod) -> bool:
    """Manual values may change while the period is open (or excepted) and the report is with the cluster."""
    if not period_is_open(cluster, period):
        return False
    report = Report.objects.filter(cluster=cluster, period=period).first()
    return report is None or report.is_editable


@transaction.atomic
def manual_value_save(*, value: ManualValue, user, change_reason: str = "") -> ManualValue:
    if not _allowed(user, CHANGE, value.cluster):
        raise PermissionDenied(_("Only those who manage the cluster enter its values."))
    if not manual_entry_open(cluster=value.cluster, period=value.period):
        raise ValidationError(_("The period is closed or the report is submitted: values are locked."))
    value.entered_by, value.entered_at = user, timezone.now()
    value.full_clean()
    value._change_reason = change_reason
    value.save()
    return value


@transaction.atomic
def manual_value_restore(*, value: ManualValue, history_id: int, user, reason: str) -> ManualValue:
    """Bring a manual value back to an earlier version: for whoever may enter it, while entry is open."""
    if not _allowed(user, CHANGE, value.cluster):
        raise PermissionDenied(_("Only those who manage the cluster enter its values."))
    if not manual_entry_open(cluster=value.cluster, period=value.period):
        raise ValidationError(_("The period is closed or the report is submitted: values are locked."))
    return history_restore(instance=value, history_id=history_id, reason=reason)


@transaction.atomic
def lock_exception_grant(*, exception: LockException, user) -> LockException:
    if not (_allowed(user, VERIFY, exception.cluster) or _allowed(user, ACCEPT, exception.cluster)):
        raise PermissionDenied(_("Exceptions are granted by the regional ministry or the federal operator."))
    exception.granted_by = user
    exception.full_clean()
    exception._change_reason = exception.reason[:100]
    exception.save()
    return exception


def can_set_targets(user, cluster) -> bool:
    return _allowed(user, VERIFY, cluster) or _allowed(user, ACCEPT, cluster)


@transaction.atomic
def targets_save(*, cluster: Cluster, year: int, values: dict[Indicator, Decimal | None], user) -> int:
    """Set the year's targets of a cluster; an emptied field removes its target. Returns rows changed."""
    if not can_set_targets(user, cluster):
        raise PermissionDenied(_("Targets are set by the regional ministry or the federal operator."))
    changed = 0
    existing = {t.indicator_id: t for t in Target.objects.filter(cluster=cluster, year=year)}
    for indicator, value in values.items():
        target = existing.get(indicator.pk)
        if value is None:
            if target is not None:
                target.delete()
                changed += 1
            continue
        if target is not None and target.value == value:
            continue
        target = target or Target(cluster=cluster, indicator=indicator, year=year)
        target.value = value
        target.full_clean()
        target.save()
        changed += 1
    return changed


def report_job_create(*, user, kind: str, period: ReportingPeriod, params: dict) -> ReportJob:
    from profcluster.kpi.tasks import generate_report

    job = ReportJob.objects.create(user=user, kind=kind, period=period, params=params)
    generate_report.enqueue(job.pk)
    return job


def report_job_process(*, job: ReportJob) -> ReportJob:
    """Build the workbook in the user's scope, recording progress step by step."""
    from profcluster.kpi import documents

    job.status = ReportJob.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:
        ReportJob.objects.filter(pk=job.pk).update(done_steps=done, total_steps=total)

    try:
        if job.kind == ReportJob.Kind.REGIONAL:
            job.filename, job.content = documents.regional_summary(job, progress=progress)
        else:
            job.filename, job.content = documents.federal_export(job, progress=progress)
    except Exception as error:  # a failed report says why instead of spinning forever
        job.status, job.error = ReportJob.Status.FAILED, str(error)
    else:
        job.status = ReportJob.Status.DONE
        job.refresh_from_db(fields=["done_steps", "total_steps"])
    job.finished_at = timezone.now()
    job.save()
    return job
