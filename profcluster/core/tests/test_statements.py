from decimal import Decimal

from django.db.models import Count, Sum

from profcluster.clusters.models import Cluster, Participation
from profcluster.core.statements import Slot, compiled, fill_of
from profcluster.finance.models import BudgetLine, Source, SpendingCategory
from profcluster.finance.services import budget_revise


def test_it_runs_a_statement_for_any_set_with_the_parameters_around_the_slot_in_place(world):
    def names(clusters):
        # Parameters before and after the set's: its own must go between them.
        rows = Cluster.objects.filter(selection_year=2023, pk__in=clusters, name__startswith="Кластер")
        return rows.order_by("name").values_list("name")

    statement = compiled(names(Slot()))
    for clusters in (
        Cluster.objects.filter(region=world.region_a),
        Cluster.objects.exclude(name="Кластер А2"),
    ):
        assert statement.run(fill_of(clusters)) == list(names(clusters)) != []


def test_it_fills_every_slot_of_a_statement(world):
    def names(clusters):
        older = Cluster.objects.filter(pk__in=clusters, selection_year=2023).order_by()
        named = Cluster.objects.filter(pk__in=clusters, name="Кластер Б").order_by()
        return older.union(named).values_list("name")

    statement = compiled(names(Slot()))
    for clusters in (Cluster.objects.filter(region=world.region_a), Cluster.objects.all()):
        assert sorted(statement.run(fill_of(clusters))) == sorted(names(clusters))


def test_it_reads_the_rows_as_the_queryset_gives_them(world, official, django_assert_num_queries):
    category = SpendingCategory.objects.first().pk
    amounts = {(Source.FEDERAL, category): Decimal("100.50"), (Source.REGIONAL, category): Decimal("0.25")}
    budget_revise(cluster=world.cluster_a, year=2026, reason="Соглашение", user=official, amounts=amounts)

    def sums(clusters):
        lines = BudgetLine.objects.current().filter(revision__cluster__in=clusters)
        grouped = lines.values("revision__cluster").annotate(total=Sum("amount"), lines=Count("pk"))
        return grouped.values_list("revision__cluster", "total", "lines")

    with django_assert_num_queries(1):
        rows = compiled(sums(Slot())).run(fill_of(Cluster.objects.all()))
    assert rows == list(sums(Cluster.objects.all())) == [(world.cluster_a.pk, Decimal("100.75"), 2)]
    assert isinstance(rows[0][1], Decimal)


def test_it_answers_an_empty_set_without_a_query(world, django_assert_num_queries):
    statement = compiled(Participation.objects.none().values_list("cluster").annotate(n=Count("pk")), dict)
    with django_assert_num_queries(0):
        assert fill_of(Cluster.objects.none()) is None
        assert statement.run() == {}
