"""The country and region boards are kept until the next write (core.datacache), per scope and filter."""

from django.urls import reverse

from profcluster.kpi.models import Indicator, Target


def _target(response, name="Кластер А1"):
    row = next(row for row in response.context["rows"] if row.cluster.name == name)
    return row.figure("students_studying").target


def test_it_serves_the_country_board_again_without_computing_it(
    as_user, data, period, federal, boards_kept, django_assert_max_num_queries
):
    client = as_user(federal)
    first = client.get(reverse("kpi:federal"), {"period": period.pk})
    with django_assert_max_num_queries(12):
        second = client.get(reverse("kpi:federal"), {"period": period.pk})
    assert [r.cluster.name for r in second.context["rows"]] == [r.cluster.name for r in first.context["rows"]]
    assert second.context["computed"].from_cache and not first.context["computed"].from_cache
    assert "Данные на" in second.text and "Пересчитать" in second.text


def test_it_shows_a_change_saved_in_the_app_at_once(as_user, data, period, federal, official, boards_kept):
    students = Indicator.objects.get(code="students_studying")
    board = as_user(official).get(reverse("kpi:region", args=[data.region_a.pk]), {"period": period.pk})
    assert _target(board) is None
    as_user(official).post(reverse("kpi:targets", args=[data.cluster_a.pk, 2026]), {f"i{students.pk}": "120"})
    board = as_user(official).get(reverse("kpi:region", args=[data.region_a.pk]), {"period": period.pk})
    assert _target(board) == 120 and not board.context["computed"].from_cache


def test_it_recalculates_on_demand_what_changed_outside_the_app(as_user, data, period, federal, boards_kept):
    client = as_user(federal)
    client.get(reverse("kpi:federal"), {"period": period.pk})
    students = Indicator.objects.get(code="students_studying")
    Target.objects.create(cluster=data.cluster_a, indicator=students, year=2026, value=90)  # as by psql
    assert _target(client.get(reverse("kpi:federal"), {"period": period.pk})) is None
    response = client.get(reverse("kpi:federal"), {"period": period.pk, "fresh": "1"})
    assert response.status_code == 302 and response.url == f"{reverse('kpi:federal')}?period={period.pk}"
    assert _target(client.get(response.url)) == 90


def test_it_shows_each_scope_and_filter_its_own_board(as_user, data, period, federal, official, boards_kept):
    as_user(federal).get(reverse("kpi:federal"), {"period": period.pk})
    mine = as_user(official).get(reverse("kpi:federal"), {"period": period.pk})
    assert {r.cluster.name for r in mine.context["rows"]} == {"Кластер А1", "Кластер А2"}
    filtered = as_user(federal).get(
        reverse("kpi:federal"), {"period": period.pk, "industry": data.cluster_a.industry_id}
    )
    assert [r.cluster.name for r in filtered.context["rows"]] == ["Кластер А1"]


def test_it_says_nothing_of_freshness_when_boards_are_not_kept(as_user, data, period, federal, settings):
    settings.BOARD_CACHE_SECONDS = 0
    response = as_user(federal).get(reverse("kpi:federal"), {"period": period.pk})
    assert not response.context["computed"].kept and "data-freshness" not in response.text
