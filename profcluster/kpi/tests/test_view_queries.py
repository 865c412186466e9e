"""The KPI pages cost a fixed number of queries, within the page budget, whatever the data.

The cluster dashboard also lists every period (picker and trend) and every indicator (table and trend):
adding periods, indicators or clusters must not add queries. A manual indicator exists from the start:
the first one adds the query of the entered values, once.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from profcluster.accounts.models import User
from profcluster.clusters.models import Cluster
from profcluster.kpi.models import Indicator, ReportingPeriod
from profcluster.kpi.selectors import kpi_clusters
from profcluster.kpi.tests.test_scale_queries import PAGE_BUDGET, grow, queries


def more_periods_and_indicators():
    for year in (2024, 2025):
        ReportingPeriod.objects.get_or_create(kind="year", year=year, deadline=datetime.date(year + 1, 2, 1))
        for quarter in (1, 2, 3):
            ReportingPeriod.objects.get_or_create(
                kind="quarter", year=year, quarter=quarter, deadline=datetime.date(year + 1, 1, 31)
            )
    for index in range(3):
        Indicator.objects.create(code=f"extra_{index}", name=f"Показатель {index}", unit="count", formula="")


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return Cluster.objects.get(name="ОПЦ лёгкой промышленности")


@pytest.mark.parametrize("username", ["federal", "region", "cluster"])
def test_it_keeps_the_demo_cluster_dashboard_within_the_budget(demo, client, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    url = reverse("kpi:cluster", args=[kpi_clusters(user).order_by("pk").first().pk])
    for period in ReportingPeriod.objects.all():
        for params in ({"period": period.pk}, {"period": period.pk, "indicator": "employment_12"}):
            count = queries(lambda: client.get(url, params))  # noqa: B023
            assert count <= PAGE_BUDGET, (username, str(period), params, count)
            assert client.get(url, params).status_code == 200


def test_it_keeps_the_cluster_dashboard_constant_as_data_grows(
    as_user, data, period, federal, manual_indicator
):
    client = as_user(federal)
    url = reverse("kpi:cluster", args=[data.cluster_a.pk])
    page = lambda: client.get(url, {"period": period.pk})  # noqa: E731
    few = queries(page)
    grow(data, data.region_a)
    more_periods_and_indicators()
    assert queries(page) == few <= PAGE_BUDGET
    # Students are counted quarterly: three quarters and the year of 2024 and 2025, then 2026.
    assert len(page().context["trend_points"]) == 9


def test_it_keeps_the_cluster_dashboard_constant_for_the_region(
    as_user, data, period, official, manual_indicator
):
    client = as_user(official)
    url = reverse("kpi:cluster", args=[data.cluster_a.pk])
    page = lambda: client.get(url, {"period": period.pk})  # noqa: E731
    few = queries(page)
    more_periods_and_indicators()
    assert queries(page) == few <= PAGE_BUDGET
    assert page().context["can_set_targets"]


@pytest.mark.parametrize("name", ["kpi:federal", "kpi:region"])
def test_it_keeps_the_boards_constant_as_periods_and_indicators_grow(
    as_user, data, period, federal, manual_indicator, name
):
    client = as_user(federal)
    url = reverse(name, args=[data.region_a.pk] if name == "kpi:region" else [])
    board = lambda: client.get(url, {"period": period.pk})  # noqa: E731
    few = queries(board)
    grow(data, data.region_a)
    more_periods_and_indicators()
    assert queries(board) == few <= PAGE_BUDGET


def test_it_answers_404_for_a_cluster_or_period_out_of_reach(as_user, data, period, outsider):
    client = as_user(outsider)
    assert client.get(reverse("kpi:cluster", args=[data.cluster_a.pk])).status_code == 404
    own = reverse("kpi:cluster", args=[data.cluster_b.pk])
    assert client.get(own, {"period": period.pk}).status_code == 200
    assert client.get(own, {"period": 10**6}).status_code == 404
    assert client.get(reverse("kpi:region", args=[data.region_a.pk])).status_code == 404


def test_it_names_the_federal_layout_with_the_definitions(as_user, data, period, federal):
    response = as_user(federal).get(reverse("kpi:federal"), {"period": period.pk})
    headers = {code: header for _letter, header, code in response.context["federal_columns"]}
    assert headers["employment_12"] == Indicator.objects.get(code="employment_12").name
