from decimal import Decimal

from profcluster.clusters.models import Cluster
from profcluster.core.permissions import VIEW
from profcluster.finance.models import Commitment, Source
from profcluster.finance.selectors import clusters_with_money, money_matrix, with_rule_checks
from profcluster.finance.services import budget_revise
from profcluster.finance.tests.conftest import M, commitment, payment


def _second_cluster_money(world, categories, official):
    budget_revise(
        cluster=world.cluster_a2,
        year=2024,
        reason="Соглашение",
        user=official,
        amounts={(Source.FEDERAL, categories["equipment"].pk): 50 * M},
    )
    Commitment.objects.create(
        cluster=world.cluster_a2,
        year=2024,
        source=Source.FEDERAL,
        category=categories["equipment"],
        organisation=world.college_a2,
        number="Д-7",
        date="2024-02-01",
        amount=5 * M,
    )


def _sums(rows):
    return {
        c.name: (c.planned, c.planned_federal, c.planned_regional, c.planned_non_budget, c.committed, c.spent)
        for c in rows
    }


def test_it_rolls_each_cluster_up_as_summed_by_hand(money, categories, official, federal):
    c = commitment(money, categories, amount=60 * M)
    payment(money, categories, amount=30 * M, commitment=c, stage="verified")
    payment(money, categories, amount=10 * M, commitment=c, document="ПП-2", stage="accepted")
    _second_cluster_money(money, categories, official)
    rows = with_rule_checks(
        clusters_with_money(federal, Cluster.objects.restrict(federal, VIEW), sort="total")
    )
    zero = Decimal("0.00")
    assert _sums(rows) == {
        "Кластер А1": (130 * M, 100 * M, 10 * M, 20 * M, 60 * M, 40 * M),
        "Кластер А2": (50 * M, 50 * M, zero, zero, 5 * M, zero),
        "Кластер Б": (zero, zero, zero, zero, zero, zero),
    }
    assert [row.name for row in rows] == ["Кластер А1", "Кластер А2", "Кластер Б"]
    assert (rows[0].execution_share, rows[0].attracted_share) == (40 * M / (130 * M), Decimal("0.3"))
    assert (rows[2].execution_share, rows[2].attracted_share) == (None, None)


def test_it_rolls_up_one_year_and_only_the_clusters_given(money, categories, official, federal):
    _second_cluster_money(money, categories, official)
    rows = clusters_with_money(federal, Cluster.objects.filter(region=money.region_a), year=2023)
    assert {c.name: (c.planned, c.committed) for c in rows} == {
        "Кластер А1": (130 * M, Decimal("0.00")),
        "Кластер А2": (Decimal("0.00"), Decimal("0.00")),
    }
    by_execution = clusters_with_money(federal, Cluster.objects.all(), year=2024, sort="execution")
    assert [c.execution_share for c in by_execution] == [Decimal("0"), None, None]


def test_it_flags_an_overpaid_commitment_for_a_cluster_and_the_country(money, categories, official, federal):
    c = commitment(money, categories, amount=10 * M)
    payment(money, categories, amount=6 * M, commitment=c)
    payment(money, categories, amount=5 * M, commitment=c, document="ПП-2", justification="Пени")
    for user, clusters in (
        (federal, None),
        (federal, Cluster.objects.all()),
        (official, Cluster.objects.filter(pk=c.cluster_id)),
    ):
        assert money_matrix(user, clusters=clusters).overpaid_commitments == (1, M)
    assert money_matrix(
        federal, clusters=Cluster.objects.filter(pk=money.cluster_b.pk)
    ).overpaid_commitments == (
        0,
        Decimal("0.00"),
    )
