"""The roll-up reads the ledger in one statement grouped by index cells: held here to plain ORM sums."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from profcluster.clusters.models import Cluster
from profcluster.core.permissions import VIEW
from profcluster.finance.models import ZERO, BudgetLine, Commitment, Payment, Source, SpendingCategory
from profcluster.finance.selectors import CLUSTER_SUMS, STAGES, clusters_with_money, money_matrix
from profcluster.finance.services import budget_revise

# Kopecks that binary floats cannot hold (0.1 + 0.2): SQLite adds them up as floats.
ODD = Decimal("0.10")


@pytest.fixture
def ledger(world, categories, official):
    """Three clusters, two years, four sources, three categories, every stage; a superseded plan revision."""
    eq, sites, soft = (categories[code].pk for code in ("equipment", "sites", "software"))
    plans = [
        (world.cluster_a, 2023, {(Source.FEDERAL, eq): 999 * ODD}),  # superseded below
        (world.cluster_a, 2023, {(Source.FEDERAL, eq): 100 * ODD, (Source.EMPLOYER, sites): 20 * ODD}),
        (world.cluster_a, 2024, {(Source.REGIONAL, soft): Decimal("1234567.89")}),
        (world.cluster_a2, 2024, {(Source.FEDERAL, eq): 7 * ODD, (Source.EXTRA_BUDGETARY, soft): 3 * ODD}),
        (world.cluster_b, 2023, {(Source.FEDERAL, sites): Decimal("5000.01")}),
    ]
    for cluster, year, amounts in plans:
        budget_revise(cluster=cluster, year=year, amounts=amounts, reason="План", user=official)
    entries = [
        (world.cluster_a, 2023, Source.FEDERAL, eq, world.college_a, ODD, ["spent", "verified", "accepted"]),
        (world.cluster_a, 2023, Source.EMPLOYER, sites, world.employer_a, 2 * ODD, ["accepted", "spent"]),
        (world.cluster_a, 2024, Source.REGIONAL, soft, world.college_a, Decimal("0.20"), ["verified"]),
        (world.cluster_a2, 2024, Source.FEDERAL, eq, world.college_a2, Decimal("10.05"), ["spent", "spent"]),
        (world.cluster_b, 2023, Source.FEDERAL, sites, world.college_b, Decimal("4999.99"), ["accepted"]),
    ]
    for number, (cluster, year, source, category, organisation, amount, stages) in enumerate(entries):
        common = {"cluster": cluster, "year": year, "source": source, "category_id": category}
        commitment = Commitment.objects.create(
            **common, organisation=organisation, number=f"Д-{number}", date="2023-03-01", amount=3 * amount
        )
        for index, stage in enumerate(stages):
            Payment.objects.create(
                **common,
                organisation=organisation,
                commitment=commitment,
                document=f"ПП-{number}-{index}",
                date="2023-04-01",
                amount=amount + index * ODD,
                stage=stage,
            )
    return world


def _total(queryset, **filters) -> Decimal:
    return queryset.filter(**filters).aggregate(total=Sum("amount"))["total"] or ZERO


def _orm_cells(user, clusters, year):
    plan = BudgetLine.objects.restrict(user, VIEW).current().filter(revision__cluster__in=clusters)
    commitments = Commitment.objects.restrict(user, VIEW).filter(cluster__in=clusters)
    payments = Payment.objects.restrict(user, VIEW).filter(cluster__in=clusters)
    if year is not None:
        plan, commitments, payments = (
            plan.filter(revision__year=year),
            commitments.filter(year=year),
            payments.filter(year=year),
        )
    cells = {}
    for source in Source.values:
        for category in SpendingCategory.objects.all():
            cell = {"source": source, "category": category}
            cells[(source, category.pk)] = (
                _total(plan, **cell),
                _total(commitments, **cell),
                _total(payments, **cell),
                _total(payments, **cell, stage__in=["verified", "accepted"]),
                _total(payments, **cell, stage="accepted"),
            )
    return plan, commitments, payments, cells


def _orm_clusters(plan, commitments, payments, clusters):
    non_budget = [Source.EMPLOYER, Source.EXTRA_BUDGETARY]
    return {
        cluster.pk: (
            _total(plan, revision__cluster=cluster),
            _total(plan, revision__cluster=cluster, source=Source.FEDERAL),
            _total(plan, revision__cluster=cluster, source=Source.REGIONAL),
            _total(plan, revision__cluster=cluster, source__in=non_budget),
            _total(commitments, cluster=cluster),
            _total(payments, cluster=cluster),
        )
        for cluster in clusters
    }


@pytest.mark.parametrize("persona", ["federal", "official", "employer"])
@pytest.mark.parametrize("year", [None, 2023, 2024])
@pytest.mark.parametrize("region", [None, "region_a"])
def test_it_adds_up_what_plain_orm_sums_add_up(ledger, request, persona, year, region):
    user = request.getfixturevalue(persona)
    clusters = Cluster.objects.restrict(user, VIEW)
    if region:
        clusters = clusters.filter(region=getattr(ledger, region))
    plan, commitments, payments, expected = _orm_cells(user, clusters, year)
    matrix = money_matrix(user, clusters=clusters, year=year)
    got = {
        (row.source, c.pk): tuple(getattr(cell, s) for s in STAGES)
        for row in matrix.rows
        for c, cell in row.cells
    }
    assert got == expected
    assert any(any(values) for values in expected.values()) or persona == "employer"
    rows = clusters_with_money(user, clusters, year=year)
    assert {row.pk: tuple(getattr(row, name) for name in CLUSTER_SUMS) for row in rows} == _orm_clusters(
        plan, commitments, payments, clusters
    )


def test_it_reads_the_ledger_once_for_the_matrix_and_the_table_of_a_page(ledger, federal):
    clusters = Cluster.objects.restrict(federal, VIEW)
    with CaptureQueriesContext(connection) as page:
        money_matrix(federal, clusters=clusters)
        rows = clusters_with_money(federal, clusters)
    assert sum("finance_budgetline" in query["sql"] for query in page.captured_queries) == 1
    assert rows[0].planned == 120 * ODD + Decimal("1234567.89")  # Кластер А1: 2023 and 2024


def test_it_reads_the_ledger_again_once_the_table_has_taken_the_sums(ledger, categories, federal):
    clusters = Cluster.objects.restrict(federal, VIEW)
    money_matrix(federal, clusters=clusters)
    clusters_with_money(federal, clusters)
    Commitment.objects.create(
        cluster=ledger.cluster_b,
        year=2023,
        source=Source.FEDERAL,
        category=categories["sites"],
        organisation=ledger.college_b,
        number="Д-новый",
        date="2023-05-01",
        amount=ODD,
    )
    again = {row.pk: row.committed for row in clusters_with_money(federal, clusters)}
    assert again[ledger.cluster_b.pk] == 3 * Decimal("4999.99") + ODD
