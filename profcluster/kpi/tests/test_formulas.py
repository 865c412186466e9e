import datetime
from decimal import Decimal

from profcluster.clusters.models import Cluster
from profcluster.kpi.formulas import FORMULAS
from profcluster.kpi.models import Indicator
from profcluster.kpi.selectors import compute_values
from profcluster.staff.models import StaffMember
from profcluster.staff.tests.conftest import make_course, make_member, make_record

EXPECTED_A1 = {
    "students_studying": Decimal(2),
    "intake_fulfilment": Decimal(600) / Decimal(7),
    "targeted_share": Decimal(50),
    "practice_hours": Decimal(108),
    "demo_exam_pass_rate": Decimal(50),
    "employment_12": Decimal(100),
    "staff_trained": Decimal("66.7"),
    "practitioner_hours": Decimal(50),
    "employers_participating": Decimal(1),
    "attracted_per_federal": Decimal("0.3"),
    "cofinancing_regional": Decimal(10_000_000),
    "cofinancing_non_budget": Decimal(20_000_000),
    "activities_done": Decimal(1),
    "activities_overdue": Decimal(1),
}


def computed(period):
    indicators = list(Indicator.objects.all())
    values = compute_values(indicators, Cluster.objects.all(), period)
    return {
        (i.code, cluster): values.get((i.pk, cluster))
        for i in indicators
        for cluster in [c.pk for c in Cluster.objects.all()]
    }


def test_it_ships_a_formula_for_every_indicator_of_the_working_set(db):
    codes = set(Indicator.objects.values_list("formula", flat=True))
    assert codes == set(EXPECTED_A1) and codes <= set(FORMULAS)


def test_it_computes_every_shipped_indicator_for_a_hand_counted_cluster(data, period):
    values = computed(period)
    result = {code: values[(code, data.cluster_a.pk)] for code in EXPECTED_A1}
    assert {code: round(value, 6) for code, value in result.items()} == {
        code: round(value, 6) for code, value in EXPECTED_A1.items()
    }


def test_it_computes_the_other_clusters_apart(data, period):
    values = computed(period)
    a2, b = data.cluster_a2.pk, data.cluster_b.pk
    assert values[("students_studying", a2)] == 1
    assert values[("intake_fulfilment", a2)] == 20
    assert values[("staff_trained", a2)] == 0
    assert values[("attracted_per_federal", a2)] is None  # no federal plan: no ratio
    assert values[("students_studying", b)] is None and values[("activities_done", b)] == 0


def test_it_counts_staff_only_in_the_clusters_their_organisation_takes_part_in(data, period):
    # A trained teacher of cluster Б's college, linked to cluster A1 as well, where the college takes no part.
    teacher = make_member(
        data.college_b, StaffMember.Category.TEACHER, "Чужова", [data.cluster_a, data.cluster_b]
    )
    make_record(teacher, make_course(data.college_b), datetime.date(2025, 3, 1))
    values = computed(period)
    assert values[("staff_trained", data.cluster_a.pk)] == EXPECTED_A1["staff_trained"]
    assert values[("staff_trained", data.cluster_b.pk)] == 100


def test_it_computes_all_clusters_with_a_fixed_number_of_queries(data, period, django_assert_max_num_queries):
    indicators = list(Indicator.objects.all())
    with django_assert_max_num_queries(30) as few:
        compute_values(indicators, Cluster.objects.all(), period)
    from profcluster.conftest import make_cluster, make_organisation, valid_inn

    for index in range(5):
        base = make_organisation(valid_inn(500 + index), data.region_b, name=f"Колледж {index}")
        make_cluster(f"Кластер {index}", data.region_b, base)
    with django_assert_max_num_queries(len(few.captured_queries)):
        compute_values(indicators, Cluster.objects.all(), period)
