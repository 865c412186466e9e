"""The cluster's trend chart: submitted periods from their snapshots, only the period shown live."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from profcluster.kpi.models import Indicator, Report, ReportingPeriod, ReportValue


def frozen(data, year, status, value):
    period = ReportingPeriod.objects.create(kind="year", year=year, deadline=datetime.date(year + 1, 2, 1))
    if status:
        report = Report.objects.create(
            cluster=data.cluster_a, period=period, status=status, submitted_at=timezone.now()
        )
        students = Indicator.objects.get(code="students_studying")
        ReportValue.objects.create(report=report, indicator=students, value=value, target=10)
    return period


def trend(client, data, period):
    url = reverse("kpi:cluster", args=[data.cluster_a.pk])
    return client.get(url, {"period": period.pk, "indicator": "students_studying"}).context["trend_points"]


def test_it_draws_submitted_periods_from_their_snapshots(as_user, data, period, official):
    frozen(data, 2023, "accepted", Decimal(77))
    frozen(data, 2024, "returned", Decimal(55))  # returned: live again, so no frozen value to show
    frozen(data, 2025, None, None)
    points = trend(as_user(official), data, period)
    assert [(p.period.year, p.value, p.source) for p in points] == [
        (2023, Decimal(77), "snapshot"),
        (2024, None, ""),
        (2025, None, ""),
        (2026, Decimal(2), "live"),
    ]
    assert points[0].target == 10


def test_it_keeps_the_trend_query_count_flat_as_periods_grow(
    as_user, data, period, official, django_assert_max_num_queries
):
    client = as_user(official)
    with django_assert_max_num_queries(200) as one:
        assert len(trend(client, data, period)) == 1
    frozen(data, 2023, "accepted", Decimal(7))
    frozen(data, 2024, "approved", Decimal(8))
    frozen(data, 2025, "submitted", Decimal(9))
    with django_assert_max_num_queries(len(one.captured_queries)):
        points = trend(client, data, period)
    assert [p.source for p in points] == ["snapshot", "snapshot", "snapshot", "live"]


def test_it_ends_the_trend_at_the_past_period_shown(as_user, data, period, official):
    frozen(data, 2024, "accepted", Decimal(5))
    past = frozen(data, 2025, None, None)
    points = trend(as_user(official), data, past)
    assert [(p.period.year, p.source) for p in points] == [(2024, "snapshot"), (2025, "live")]
