"""Writes of the reporting cycle: each checks who acts, changes the report and logs the step, atomically."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

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


@dataclass
class BulkSubmission:
    """What `reports_submit_all` did: the reports it submitted and the clusters it left alone, and why."""

    submitted: list[Report] = field(default_factory=list)
    already: list[int] = field(default_factory=list)  # cluster ids whose report was submitted before
    locked: list[int] = field(default_factory=list)  # cluster ids refused: the period is closed for them


@transaction.atomic
def reports_submit_all(*, period: ReportingPeriod, user, clusters=None) -> BulkSubmission:
    """Submit the draft (or returned) reports of every cluster in the user's reach for the period at once.

    What `report_submit` does for one cluster, for hundreds in a fixed number of queries: the formulas run
    once over the whole set, the snapshots are written with bulk inserts, and every report gets its step in
    the log and its history records (who and when) just as a single submission leaves them. A cluster
    without a report gets one. Reach is the clusters the user manages (a cluster's management, a region's
    ministry) and, for the federal operator, every cluster: it freezes what is left at the period's close.
    Clusters of a closed period are refused unless they hold a running exception from the lock.
    """
    reach = Cluster.objects.restrict(user, CHANGE) | Cluster.objects.restrict(user, ACCEPT)
    if clusters is not None:
        reach = reach.filter(pk__in=clusters.values("pk") if hasattr(clusters, "values") else clusters)
    reach = reach.order_by("pk")
    cluster_ids = list(reach.values_list("pk", flat=True))
    if not cluster_ids:
        raise PermissionDenied(_("Only those who manage the clusters submit their reports."))
    result = BulkSubmission()
    today = timezone.localdate()
    open_ids = set(cluster_ids)
    if period.closed:
        # As period_is_open decides per cluster, for all of them in one query.
        running = period.lock_exceptions.filter(cluster__in=reach, until__gte=today)
        open_ids &= set(running.values_list("cluster_id", flat=True))
        result.locked = [pk for pk in cluster_ids if pk not in open_ids]
    reports = {
        r.cluster_id: r
        for r in Report.objects.select_for_update().filter(period=period, cluster__in=reach).order_by("pk")
    }
    result.already = [pk for pk in cluster_ids if pk in reports and not reports[pk].is_editable]
    chosen = [pk for pk in cluster_ids if pk in open_ids and pk not in result.already]
    if not chosen:
        return result
    now = timezone.now()
    new = [Report(cluster_id=pk, period=period) for pk in chosen if pk not in reports]
    if new:
        # As report_open's get_or_create: a draft first, with its own history record.
        created = bulk_create_with_history(new, Report, default_user=user, default_date=now)
        reports.update((r.cluster_id, r) for r in created)
    chosen_reports = [reports[pk] for pk in chosen]
    returned = [r.pk for r in chosen_reports if r.has_snapshot]
    if returned:
        # A returned report's old snapshot goes, leaving its deletion in the history as report_submit's does.
        old = list(ReportValue.objects.filter(report_id__in=returned))
        _history_of_deleted(old, user=user, when=now)
        ReportValue.objects.filter(pk__in=[v.pk for v in old])._raw_delete(ReportValue.objects.db)
    indicators = indicators_for(period)
    values = compute_values(indicators, reach, period)
    targets = targets_for(reach, period.year)
    ReportValue.objects.bulk_create(
        (
            ReportValue(
                report=report,
                indicator=indicator,
                value=_stored(values.get((indicator.pk, report.cluster_id))),
                target=targets.get((indicator.pk, report.cluster_id)),
            )
            for report in chosen_reports
            for indicator in indicators
        ),
        batch_size=2000,
    )
    bulk_create_with_history(
        [
            ReportTransition(report=r, from_status=r.status, to_status=S.SUBMITTED, user=user, at=now)
            for r in chosen_reports
        ],
        ReportTransition,
        default_user=user,
        default_date=now,
    )
    Report.objects.filter(pk__in=[r.pk for r in chosen_reports]).update(
        status=S.SUBMITTED, submitted_at=now, comment=""
    )
    for report in chosen_reports:
        report.status, report.submitted_at, report.comment = S.SUBMITTED, now, ""
    Report.history.bulk_history_create(
        chosen_reports, update=True, default_user=user, default_change_reason=S.SUBMITTED, default_date=now
    )
    result.submitted = chosen_reports
    return result


def _history_of_deleted(objs, *, user, when) -> None:
    historical = ReportValue.history.model
    historical.objects.bulk_create(
        historical(
            history_date=when,
            history_user=user,
            history_type="-",
            history_change_reason="",
            **{f.attname: getattr(obj, f.attname) for f in historical.tracked_fields},
        )
        for obj in objs
    )


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
    """The cluster's regional ministry or the federal operator, as the gate would say for VERIFY or ACCEPT.

    Read off the user's scopes (fetched once per request) against the cluster at hand instead of a query of
    the clusters per action: the cluster dashboard shows the button on every view. The federal operator's
    acceptance scope settles it first, in one query; a region's verifying scope covers its clusters
    (`UserScope.cluster_q`: the region's clusters and any named ones).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.scope(ACCEPT).everything:
        return True
    verify = user.scope(VERIFY)
    return verify.everything or cluster.region_id in verify.region_ids or cluster.pk in verify.cluster_ids


def targets_version(*, cluster: Cluster, year: int) -> int:
    """The newest history record among the year's targets of the cluster (0 for none).

    It grows with every creation, change, removal and restore of any of them, so one number fingerprints the
    whole bulk form: a target created for an empty cell meanwhile moves it as surely as a changed one.
    """
    newest = (
        Target.history.filter(cluster_id=cluster.pk, year=year)
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )
    return newest or 0


def _stale_targets(*, cluster: Cluster, year: int, seen_version: int) -> None:
    changes = list(
        Target.history.filter(cluster_id=cluster.pk, year=year, history_id__gt=seen_version)
        .select_related("history_user")
        .order_by("history_id")
    )
    if not changes:
        return
    names = dict(Indicator.objects.filter(pk__in={c.indicator_id for c in changes}).values_list("pk", "name"))
    indicators = list(dict.fromkeys(names.get(c.indicator_id, "—") for c in changes))
    who = sorted({str(c.history_user.display_name if c.history_user else "—") for c in changes})
    raise ValidationError(
        _(
            "Somebody changed these targets while you were editing them (%(who)s): %(indicators)s. "
            "Nothing is saved; reload the page to see the current values."
        )
        % {"who": ", ".join(who), "indicators": "; ".join(indicators)},
        code="stale",
    )


@transaction.atomic
def targets_save(
    *,
    cluster: Cluster,
    year: int,
    values: dict[Indicator, Decimal | None],
    user,
    seen_version: int | None = None,
    change_reason: str = "",
) -> int:
    """Set the year's targets of a cluster; an emptied field removes its target. Returns rows changed.

    With `seen_version` (the `targets_version` the form was shown with) nothing is saved if any of the
    year's targets changed since: the whole form is one decision, half of it must not overwrite another's.
    """
    if not can_set_targets(user, cluster):
        raise PermissionDenied(_("Targets are set by the regional ministry or the federal operator."))
    if seen_version is not None:
        # Two saves of the same cluster's targets queue here, so the second one sees the first one's records.
        Cluster.objects.select_for_update().filter(pk=cluster.pk).first()
        _stale_targets(cluster=cluster, year=year, seen_version=seen_version)
    changed = 0
    existing = {t.indicator_id: t for t in Target.objects.filter(cluster=cluster, year=year)}
    for indicator, value in values.items():
        target = existing.get(indicator.pk)
        if value is None:
            if target is not None:
                target._change_reason = change_reason
                target.delete()
                changed += 1
            continue
        if target is not None and target.value == value:
            continue
        target = target or Target(cluster=cluster, indicator=indicator, year=year)
        target.value = value
        target.full_clean()
        target._change_reason = change_reason
        target.save()
        changed += 1
    return changed


@transaction.atomic
def target_restore(*, target: Target, history_id: int, user, reason: str) -> Target:
    """Bring a target back to an earlier version; the restore is a new version with its reason."""
    if not can_set_targets(user, target.cluster):
        raise PermissionDenied(_("Targets are set by the regional ministry or the federal operator."))
    return history_restore(instance=target, history_id=history_id, reason=reason)


def report_job_create(*, user, kind: str, period: ReportingPeriod, params: dict) -> ReportJob:
    from profcluster.kpi.tasks import generate_report

    job = ReportJob.objects.create(user=user, kind=kind, period=period, params=params)
    generate_report.enqueue(job.pk)
    return job


def report_job_process(*, job: ReportJob) -> ReportJob:
    """Build the document in the user's scope, recording progress step by step."""
    from profcluster.kpi import documents

    job.status = ReportJob.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:
        ReportJob.objects.filter(pk=job.pk).update(done_steps=done, total_steps=total)

    try:
        if job.kind == ReportJob.Kind.REGIONAL:
            job.filename, job.content = documents.regional_summary(job, progress=progress)
        elif job.kind == ReportJob.Kind.REGIONAL_PDF:
            job.filename, job.content = documents.regional_pdf(job, progress=progress)
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
