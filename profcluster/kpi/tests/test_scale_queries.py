"""The boards and the snapshot of a period stay at a fixed number of queries however many clusters there are.

Twenty is the budget of a page at national scale (bench/run.py); every formula aggregates over the whole set.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profcluster.clusters.models import Cluster
from profcluster.conftest import make_cluster, make_organisation, valid_inn
from profcluster.education.models import Group
from profcluster.education.tests.conftest import programme, student
from profcluster.finance.selectors import clusters_with_money
from profcluster.kpi.formulas import EVERYONE, _facts, computation
from profcluster.kpi.models import Indicator
from profcluster.kpi.selectors import compute_values

PAGE_BUDGET = 20


def grow(world, region, count=5):
    """More clusters of the region, each with a programme and a studying student."""
    for index in range(count):
        base = make_organisation(valid_inn(800 + index), region, name=f"Колледж {index}")
        cluster = make_cluster(f"Кластер {index}", region, base)
        course = programme(world, cluster=cluster, college=base)
        group = Group.objects.create(programme=course, name="Г-1", intake_year=2025, planned_intake=2)
        student(group, "Иванов", f"Пётр {index}", since=datetime.date(2025, 9, 1))


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def test_it_keeps_the_federal_board_within_the_budget_as_clusters_grow(as_user, data, period, federal):
    client = as_user(federal)
    board = lambda: client.get(reverse("kpi:federal"), {"period": period.pk})  # noqa: E731
    few = queries(board)
    grow(data, data.region_b)
    assert queries(board) == few <= PAGE_BUDGET
    assert len(board().context["rows"]) == Cluster.objects.count()


def test_it_keeps_the_region_board_within_the_budget_as_clusters_grow(as_user, data, period, federal):
    client = as_user(federal)
    board = lambda: client.get(reverse("kpi:region", args=[data.region_a.pk]), {"period": period.pk})  # noqa: E731
    few = queries(board)
    grow(data, data.region_a)
    assert queries(board) == few <= PAGE_BUDGET


def test_it_computes_a_snapshot_of_every_cluster_in_a_fixed_number_of_queries(data, period):
    indicators = list(Indicator.objects.all())
    snapshot = lambda: compute_values(indicators, Cluster.objects.all(), period)  # noqa: E731
    few = queries(snapshot)
    grow(data, data.region_b)
    assert queries(snapshot) == few
    clusters = {cluster for _indicator, cluster in snapshot()}
    assert clusters == set(Cluster.objects.values_list("pk", flat=True))


def test_it_reads_the_same_plan_as_the_finance_pages(data, period):
    with computation():
        facts = {c.pk: c for c in _facts(Cluster.objects.all(), period)}
    for cluster in clusters_with_money(EVERYONE, Cluster.objects.all(), year=period.year):
        mine = facts[cluster.pk]
        for name in ("planned", "planned_federal", "planned_regional", "planned_non_budget"):
            assert getattr(mine, name) == getattr(cluster, name), (cluster.name, name)
