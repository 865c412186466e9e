"""The formulas compile their statements once per process and run them for any clusters: the numbers are
the ones the ORM's own querysets give, whichever set of clusters compiled them first."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count
from django.db.models.expressions import RawSQL
from django.forms.models import model_to_dict

from profcluster.clusters.models import Cluster
from profcluster.education.selectors import education_breakdown
from profcluster.kpi import formulas
from profcluster.kpi.formulas import EVERYONE, FORMULAS, computation
from profcluster.kpi.models import Indicator, ManualValue, Report, ReportingPeriod, Target
from profcluster.kpi.selectors import board, compute_values, reports_for, targets_for
from profcluster.kpi.tests.test_scale_queries import grow
from profcluster.staff.models import StaffMember
from profcluster.staff.models import TeachingAssignment as Assignment
from profcluster.staff.services import practitioner_hours
from profcluster.staff.tests.conftest import make_assignment, make_member


def sets(world):
    return [
        Cluster.objects.filter(pk=world.cluster_a.pk),
        Cluster.objects.filter(region=world.region_a),
        Cluster.objects.all(),
        Cluster.objects.none(),
    ]


def test_it_sums_practitioner_hours_as_the_staff_service_does(data):
    # Another employer's practitioner in cluster A1 and one in A2, beside the fixture's (50 h in 2026).
    clusters = [data.cluster_a, data.cluster_a2]
    second = make_member(
        data.employer_a, StaffMember.Category.PRACTITIONER, "Орлова", clusters, host=data.college_a
    )
    make_assignment(second, data.cluster_a, "МДК.04", year=2026, semester=1, delivered=12)
    make_assignment(second, data.cluster_a2, "МДК.05", year=2025, semester=2, delivered=0)
    make_assignment(second, data.cluster_a2, "МДК.06", year=2024, semester=2, delivered=7)
    for year in (2024, 2025, 2026):
        period = ReportingPeriod(kind="year", year=year)
        for clusters in sets(data):
            old = {}
            for row in practitioner_hours(Assignment.objects.filter(cluster__in=clusters), year=year):
                old[row["cluster_id"]] = old.get(row["cluster_id"], 0) + (row["delivered"] or 0)
            expected = {pk: Decimal(old.get(pk, 0)) for pk in clusters.values_list("pk", flat=True)}
            assert FORMULAS["practitioner_hours"].function(clusters, period) == expected
    assert FORMULAS["practitioner_hours"].function(Cluster.objects.all(), period)[data.cluster_a.pk] == 62


@pytest.mark.parametrize("first", range(4))
def test_it_computes_the_same_values_whichever_set_compiled_the_statements(data, period, first):
    indicators = list(Indicator.objects.all())
    grow(data, data.region_a, count=2)
    formulas._PREPARED.clear()
    fresh = []
    for clusters in sets(data):
        formulas._PREPARED.clear()
        fresh.append(compute_values(indicators, clusters, period))
    formulas._PREPARED.clear()
    compute_values(indicators, sets(data)[first], period)
    assert [compute_values(indicators, clusters, period) for clusters in sets(data)] == fresh
    assert fresh[1][(Indicator.objects.get(code="students_studying").pk, data.cluster_a.pk)] == 2


def test_it_breaks_education_down_as_the_education_pages_do(data, period):
    on = period.measured_on()
    for clusters in sets(data):
        with computation():
            prepared = formulas._education(clusters, period)
        assert prepared == education_breakdown(EVERYONE, by="cluster", clusters=clusters, on=on)


def test_it_reads_reports_targets_and_manual_values_as_the_orm_gives_them(data, period, manual_indicator):
    reported = Report.objects.create(cluster=data.cluster_a, period=period, comment="Отчёт")
    ManualValue.objects.create(
        cluster=data.cluster_a2, period=period, indicator=manual_indicator, value=Decimal("7.5")
    )
    data.cluster_a.kpi_targets.create(indicator=manual_indicator, year=2026, value=Decimal("12.50"))
    for clusters in sets(data):
        reports = reports_for(clusters, period)
        expected = {r.cluster_id: r for r in Report.objects.filter(cluster__in=clusters, period=period)}
        assert {pk: model_to_dict(r) for pk, r in reports.items()} == {
            pk: model_to_dict(r) for pk, r in expected.items()
        }
        assert all(r._state.db == "default" and not r._state.adding for r in reports.values())
        targets = targets_for(clusters, 2026)
        assert targets == {
            (t.indicator_id, t.cluster_id): t.value for t in Target.objects.filter(cluster__in=clusters)
        }
        entries = ManualValue.objects.filter(cluster__in=clusters, period=period)
        expected = {(e.indicator_id, e.cluster_id): e.value for e in entries}
        assert compute_values([manual_indicator], clusters, period) == expected
    assert reports_for(Cluster.objects.all(), period)[data.cluster_a.pk].pk == reported.pk


def test_it_lists_the_clusters_with_their_facts_in_the_querysets_order(data, period):
    clusters = Cluster.objects.order_by("-name")
    rows = board(clusters, period)
    assert [row.cluster.name for row in rows] == list(clusters.values_list("name", flat=True))
    facts = {row.cluster.pk: row.cluster for row in rows}
    assert facts[data.cluster_a.pk].planned_federal == Decimal(100_000_000)
    assert facts[data.cluster_a.pk].employers_count == 1 and facts[data.cluster_b.pk].employers_count == 0
    assert facts[data.cluster_b.pk].planned == 0 and facts[data.cluster_a.pk].region.name


def test_it_compiles_each_statement_once_for_every_board(data, period):
    board(Cluster.objects.filter(pk=data.cluster_b.pk), period)
    prepared = dict(formulas._PREPARED)
    board(Cluster.objects.filter(region=data.region_a), period)
    board(Cluster.objects.all(), ReportingPeriod.objects.get(pk=period.pk))
    assert prepared == formulas._PREPARED
    later = ReportingPeriod.objects.create(kind="year", year=2027, deadline=datetime.date(2028, 2, 15))
    board(Cluster.objects.all(), later)
    assert len(formulas._PREPARED) > len(prepared)


@pytest.mark.parametrize(
    "clusters",
    [
        lambda w: Cluster.objects.all(),
        lambda w: Cluster.objects.filter(region=w.region_a),
        lambda w: Cluster.objects.order_by("-name"),
        lambda w: Cluster.objects.order_by("region__name", "-pk"),
        lambda w: Cluster.objects.order_by(),
        lambda w: Cluster.objects.none(),
        # Querysets the compiled statement does not stand for: the ORM lists them itself.
        lambda w: Cluster.objects.annotate(n=Count("participations")).order_by("name"),
        lambda w: Cluster.objects.order_by("name")[:2],
    ],
)
def test_it_reads_the_facts_as_the_orm_lists_them(data, period, clusters):
    clusters = clusters(data)
    with computation():
        facts = formulas._facts(clusters, period)
    figures = formulas._facts_figures(period.year)
    expected = list(
        clusters.select_related("region", "industry", "base_organisation").annotate(
            **{
                name: RawSQL(sql, params, output_field=field)
                for name, (sql, params, field) in figures.items()
            }
        )
    )
    assert [c.pk for c in facts] == [c.pk for c in expected]
    for got, want in zip(facts, expected, strict=True):
        assert model_to_dict(got) == model_to_dict(want)
        assert (got.region, got.industry, got.base_organisation) == (
            want.region,
            want.industry,
            want.base_organisation,
        )
        assert got.region.name == want.region.name and got._state.db == "default" and not got._state.adding
        for name in figures:
            assert getattr(got, name) == getattr(want, name), name
