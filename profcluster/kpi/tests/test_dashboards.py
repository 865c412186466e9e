from decimal import Decimal

from django.urls import reverse

from profcluster.conftest import make_cluster, make_organisation, valid_inn
from profcluster.kpi.models import Indicator, Target


def test_it_shows_a_cluster_against_its_targets_with_drill_down_links(as_user, data, period, manager):
    students = Indicator.objects.get(code="students_studying")
    Target.objects.create(cluster=data.cluster_a, indicator=students, year=2026, value=Decimal(100))
    response = as_user(manager).get(reverse("kpi:cluster", args=[data.cluster_a.pk]), {"period": period.pk})
    figure = response.context["row"].figure("students_studying")
    assert (figure.value, figure.status) == (2, "at_risk")
    link = reverse("education:student_list") + f"?cluster={data.cluster_a.pk}&status=studying"
    assert figure.drill == link and link.replace("&", "&amp;") in response.text
    assert "<svg" in response.context["trend"]


def test_it_sees_the_same_figure_in_the_list_behind_the_link(as_user, data, period, official):
    client = as_user(official)
    response = client.get(reverse("kpi:cluster", args=[data.cluster_a.pk]), {"period": period.pk})
    figure = response.context["row"].figure("students_studying")
    listed = client.get(figure.drill)
    assert listed.context["paginator"].count == figure.value


def test_it_answers_404_outside_the_scope(as_user, data, period, outsider, employer):
    for user in (outsider, employer):
        client = as_user(user)
        assert client.get(reverse("kpi:cluster", args=[data.cluster_a.pk])).status_code == 404
        assert client.get(reverse("kpi:region", args=[data.region_a.pk])).status_code == 404
        assert client.get(reverse("kpi:passport", args=[data.cluster_a.pk, "docx"])).status_code == 404


def test_it_puts_the_region_clusters_side_by_side_risks_first(as_user, data, period, official):
    done = Indicator.objects.get(code="activities_done")
    Target.objects.create(cluster=data.cluster_a2, indicator=done, year=2026, value=5)
    response = as_user(official).get(reverse("kpi:region", args=[data.region_a.pk]), {"period": period.pk})
    assert [r.cluster.name for r in response.context["rows"]] == ["Кластер А2", "Кластер А1"]
    by_students = as_user(official).get(
        reverse("kpi:region", args=[data.region_a.pk]), {"period": period.pk, "sort": "students_studying"}
    )
    assert [r.cluster.name for r in by_students.context["rows"]] == ["Кластер А1", "Кластер А2"]
    assert by_students.context["rows"][0].benchmarks["money_per_student"] == 65_000_000


def test_it_shows_the_federal_operator_every_region_and_filters(as_user, data, period, federal, official):
    response = as_user(federal).get(reverse("kpi:federal"), {"period": period.pk})
    assert len(response.context["rows"]) == 3 and len(response.context["regions"]) == 2
    filtered = as_user(federal).get(
        reverse("kpi:federal"), {"period": period.pk, "industry": data.cluster_a.industry_id}
    )
    assert [r.cluster.name for r in filtered.context["rows"]] == ["Кластер А1"]
    assert "Код региона" in response.text  # the export's layout is documented on the page
    mine = as_user(official).get(reverse("kpi:federal"), {"period": period.pk})
    assert {r.cluster.name for r in mine.context["rows"]} == {"Кластер А1", "Кластер А2"}


def test_it_keeps_the_dashboard_query_count_flat(
    as_user, data, period, federal, django_assert_max_num_queries
):
    client = as_user(federal)
    with django_assert_max_num_queries(60) as few:
        client.get(reverse("kpi:federal"), {"period": period.pk})
    for index in range(6):
        base = make_organisation(valid_inn(700 + index), data.region_b, name=f"Колледж {index}")
        make_cluster(f"Кластер {index}", data.region_b, base)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("kpi:federal"), {"period": period.pk})
    assert len(response.context["rows"]) == 9


def test_it_lets_the_region_set_targets_but_not_the_manager(as_user, data, period, official, manager):
    students = Indicator.objects.get(code="students_studying")
    target = reverse("kpi:targets", args=[data.cluster_a.pk, 2026])
    assert as_user(manager).get(target).status_code == 404
    as_user(official).post(target, {f"i{students.pk}": "120"})
    assert Target.objects.get(cluster=data.cluster_a, year=2026).value == 120


def test_it_lets_only_the_federal_operator_define_indicators(as_user, db, world, federal, official):
    data = {
        "code": "new",
        "name": "Новый",
        "unit": "units",
        "direction": "higher",
        "periodicity": "year",
        "formula": "",
        "description": "",
        "position": 1,
        "active": "on",
        "change_reason": "",
    }
    assert as_user(official).post(reverse("kpi:indicator_add"), data).status_code == 403
    assert as_user(federal).post(reverse("kpi:indicator_add"), data).status_code == 302
    assert Indicator.objects.get(code="new").is_manual
    bad = as_user(federal).post(reverse("kpi:indicator_add"), {**data, "code": "x", "formula": "nope"})
    assert "formula" in bad.context["form"].errors


def test_it_lists_the_reports_waiting_for_the_official(as_user, data, period, manager, official):
    as_user(manager).post(reverse("kpi:report_submit", args=[data.cluster_a.pk, period.pk]))
    response = as_user(official).get(reverse("kpi:index"))
    assert [str(r.cluster) for r in response.context["pending"]] == ["Кластер А1"]


def test_it_opens_the_definition_pages_and_offers_editing_to_the_federal_operator(
    as_user, world, period, federal, official
):
    for user, can in ((federal, True), (official, False)):
        client = as_user(user)
        indicators = client.get(reverse("kpi:indicator_list"))
        periods = client.get(reverse("kpi:period_list"))
        assert indicators.status_code == periods.status_code == 200
        assert (indicators.context["can_change"], periods.context["can_change"]) == (can, can)
    assert len(indicators.context["object_list"]) == 14
    response = as_user(federal).post(
        reverse("kpi:period_edit", args=[period.pk]),
        {
            "kind": "year",
            "year": 2026,
            "quarter": "",
            "deadline": "2027-02-15",
            "closed": "on",
            "change_reason": "",
        },
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.closed
