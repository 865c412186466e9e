"""After a write the country's board is computed again in the background (core.datacache.warm), so that the
first federal operator to open it finds it ready."""

import pytest
from django.urls import reverse

from profcluster.kpi.models import Indicator


@pytest.fixture
def warming(boards_kept, settings):
    settings.BOARD_WARM = True  # the job runs at once in tests (django-tasks' immediate backend)


def _target(response, name="Кластер А1"):
    row = next(row for row in response.context["rows"] if row.cluster.name == name)
    return row.figure("students_studying").target


def test_a_write_has_the_country_board_computed_before_anyone_asks(
    as_user, data, period, federal, official, warming
):
    students = Indicator.objects.get(code="students_studying")
    as_user(official).post(reverse("kpi:targets", args=[data.cluster_a.pk, 2026]), {f"i{students.pk}": "120"})
    board = as_user(federal).get(reverse("kpi:federal"))
    assert board.context["computed"].from_cache and _target(board) == 120


def test_without_warming_the_first_request_after_a_write_computes_it(
    as_user, data, period, federal, official, boards_kept
):
    students = Indicator.objects.get(code="students_studying")
    as_user(official).post(reverse("kpi:targets", args=[data.cluster_a.pk, 2026]), {f"i{students.pk}": "120"})
    board = as_user(federal).get(reverse("kpi:federal"))
    assert not board.context["computed"].from_cache and _target(board) == 120
