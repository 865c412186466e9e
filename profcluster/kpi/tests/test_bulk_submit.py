"""Submitting every cluster's report of a period at once (the snapshot at a period's close)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from profcluster.accounts.models import User
from profcluster.clusters.models import Cluster
from profcluster.kpi.models import Indicator, LockException, Report, ReportValue, Target
from profcluster.kpi.services import report_return, report_submit, reports_submit_all
from profcluster.kpi.tests.test_scale_queries import grow, queries


class RollbackError(Exception):
    pass


def rolled_back(call):
    try:
        with transaction.atomic():
            result = call()
            raise RollbackError
    except RollbackError:
        return result


def frozen(period) -> dict:
    return {
        (v.report.cluster_id, v.indicator_id): (v.value, v.target)
        for v in ReportValue.objects.filter(report__period=period).select_related("report")
    }


def test_it_freezes_what_report_submit_freezes_for_each_cluster(data, period, official, manual_indicator):
    Target.objects.create(
        cluster=data.cluster_a, indicator=Indicator.objects.get(code="students_studying"), year=2026, value=5
    )

    def one_by_one():
        for cluster in (data.cluster_a, data.cluster_a2):
            report_submit(cluster=cluster, period=period, user=official)
        return frozen(period)

    expected = rolled_back(one_by_one)
    result = reports_submit_all(period=period, user=official)
    assert {r.cluster_id for r in result.submitted} == {data.cluster_a.pk, data.cluster_a2.pk}
    assert frozen(period) == expected
    students = Indicator.objects.get(code="students_studying").pk
    assert expected[(data.cluster_a.pk, students)] == (Decimal(2), Decimal(5))


def test_it_logs_who_submitted_each_report_and_when(data, period, official):
    reports_submit_all(period=period, user=official)
    report = Report.objects.get(cluster=data.cluster_a, period=period)
    step = report.transitions.get()
    assert (step.from_status, step.to_status, step.user) == ("draft", "submitted", official)
    assert report.submitted_at == step.at
    history = list(report.history.order_by("history_id"))
    assert [(h.history_type, h.status, h.history_user) for h in history] == [
        ("+", "draft", official),
        ("~", "submitted", official),
    ]


def test_it_submits_only_the_clusters_of_the_officials_region(data, period, official):
    result = reports_submit_all(period=period, user=official, clusters=Cluster.objects.all())
    assert {r.cluster.region_id for r in result.submitted} == {data.region_a.pk}
    assert not Report.objects.filter(cluster=data.cluster_b).exists()


def test_it_refuses_whom_it_does_not_manage(data, period, employer):
    with pytest.raises(PermissionDenied):
        reports_submit_all(period=period, user=employer)


def test_it_skips_submitted_reports_and_resubmits_returned_ones(data, period, official):
    report_submit(cluster=data.cluster_a2, period=period, user=official)
    returned = report_submit(cluster=data.cluster_a, period=period, user=official)
    report_return(report=returned, user=official, comment="Уточнить")
    result = reports_submit_all(period=period, user=official)
    assert [r.cluster_id for r in result.submitted] == [data.cluster_a.pk]
    assert result.already == [data.cluster_a2.pk]
    returned.refresh_from_db()
    assert (returned.status, returned.comment) == ("submitted", "")
    assert returned.values.count() == len(Indicator.objects.filter(active=True))
    assert ReportValue.history.filter(report_id=returned.pk, history_type="-").exists()


def test_it_refuses_clusters_of_a_closed_period_without_an_exception(data, period, official):
    period.closed = True
    period.save()
    LockException.objects.create(
        cluster=data.cluster_a, period=period, reason="Сбой", until=datetime.date(2100, 1, 1)
    )
    result = reports_submit_all(period=period, user=official)
    assert [r.cluster_id for r in result.submitted] == [data.cluster_a.pk]
    assert result.locked == [data.cluster_a2.pk]


def test_it_costs_the_same_queries_for_more_clusters(data, period, federal):
    def counted():
        user = User.objects.get(pk=federal.pk)  # without the scopes cached by the last run
        return rolled_back(lambda: queries(lambda: reports_submit_all(period=period, user=user)))

    few = counted()
    grow(data, data.region_b, count=6)
    assert counted() == few
    assert len(reports_submit_all(period=period, user=federal).submitted) == Cluster.objects.count()


def test_it_takes_the_snapshot_from_the_command_line(data, period, federal):
    out = io.StringIO()
    call_command("kpi_snapshot", period=period.pk, user="federal", stdout=out)
    assert "3 reports submitted" in out.getvalue()
    assert Report.objects.filter(period=period, status="submitted").count() == 3


def test_it_lets_only_the_federal_operator_freeze_a_period(as_user, data, period, federal, official):
    url = reverse("kpi:period_snapshot", args=[period.pk])
    assert as_user(official).post(url).status_code == 403
    assert not Report.objects.exists()
    response = as_user(federal).post(url, follow=True)
    assert Report.objects.filter(period=period, status="submitted").count() == Cluster.objects.count()
    assert "3" in str(next(iter(response.context["messages"])))
