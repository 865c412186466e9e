"""The country's cluster table shows a page of rows; the order and the regions' sums cover every cluster.

The data fixture has three clusters: А1 and А2 in region A, Б in region B.
"""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from profcluster.clusters.models import Cluster
from profcluster.kpi import views
from profcluster.kpi.formulas import FORMULAS
from profcluster.kpi.models import Indicator, Report, Target
from profcluster.kpi.selectors import DrillLinks


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(views, "FEDERAL_ROWS_PER_PAGE", 2)


def names(response) -> list[str]:
    return [row.cluster.name for row in response.context["page_rows"]]


def test_it_pages_the_federal_table_after_putting_risks_first(as_user, data, period, federal, two_per_page):
    done = Indicator.objects.get(code="activities_done")
    Target.objects.create(cluster=data.cluster_b, indicator=done, year=2026, value=5)
    client = as_user(federal)
    first = client.get(reverse("kpi:federal"), {"period": period.pk})
    second = client.get(reverse("kpi:federal"), {"period": period.pk, "page": 2})
    assert names(first) + names(second) == ["Кластер Б", "Кластер А1", "Кластер А2"]
    assert [row.cluster.name for row in first.context["rows"]] == names(first) + names(second)
    # The regions' table sums every cluster, not only the page's.
    assert {r.region.pk: len(r.rows) for r in first.context["regions"]} == {
        data.region_a.pk: 2,
        data.region_b.pk: 1,
    }


def test_it_starts_another_order_on_its_first_page(as_user, data, period, federal, two_per_page):
    url = reverse("kpi:federal")
    response = as_user(federal).get(url, {"period": period.pk, "sort": "name", "page": 2})
    assert names(response) == ["Кластер Б"] and response.context["is_paginated"]
    assert f'href="?period={period.pk}&amp;sort=region"' in response.text
    assert f"?period={period.pk}&amp;sort=name&amp;page=1" in response.text  # back keeps the order


def test_it_keeps_every_cluster_of_a_region_on_its_board(as_user, data, period, federal, monkeypatch):
    monkeypatch.setattr(views, "FEDERAL_ROWS_PER_PAGE", 1)
    response = as_user(federal).get(reverse("kpi:region", args=[data.region_a.pk]), {"period": period.pk})
    assert len(names(response)) == 2 and not response.context["is_paginated"]


def test_it_links_every_figure_as_its_formula_does(data, period):
    links = DrillLinks(period)
    for indicator in Indicator.objects.all():
        for pk in Cluster.objects.values_list("pk", flat=True):
            formula = FORMULAS.get(indicator.formula)
            expected = formula.drill(pk, period) if formula else ""
            assert links.url(indicator, pk) == expected, indicator.code


def test_it_writes_a_cell_with_its_status_link_and_value(as_user, data, period, federal):
    client = as_user(federal)
    response = client.get(reverse("kpi:federal"), {"period": period.pk})
    row = next(r for r in response.context["rows"] if r.cluster == data.cluster_a)
    figure = row.figure("students_studying")
    cell = f'title="нет цели">&nbsp;</span> <a href="{escape(figure.drill)}">2</a></td>'
    assert (figure.value, figure.status) == (2, "no_target") and cell in response.text
    assert "65\xa0000\xa0000,00\xa0₽</td>" in response.text  # plan per student of А1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert 'title="no target"' in client.get(reverse("kpi:federal"), {"period": period.pk}).text


def test_it_writes_a_row_with_its_cluster_link_report_region_and_risks(as_user, data, period, federal):
    Report.objects.create(cluster=data.cluster_a, period=period)
    done = Indicator.objects.get(code="activities_done")
    Target.objects.create(cluster=data.cluster_b, indicator=done, year=2026, value=5)
    response = as_user(federal).get(reverse("kpi:federal"), {"period": period.pk})
    row = next(r for r in response.context["rows"] if r.cluster == data.cluster_a)
    link = reverse("kpi:cluster", args=[data.cluster_a.pk])
    status = escape(row.report.get_status_display())
    assert (
        f'\n    <tr>\n      <th scope="row"><a href="{link}?period={period.pk}">Кластер А1</a>'
        f'<div class="small text-body-secondary">{status}</div></th>\n'
        f"      <td>{escape(data.region_a.name)}</td>\n"
        '      <td class="text-nowrap"></td>\n      <td class="text-end text-nowrap">'
    ) in response.text
    b = next(r for r in response.context["rows"] if r.cluster == data.cluster_b)
    assert b.missed + b.at_risk == 1
    badge = "text-bg-danger" if b.missed else "text-bg-warning"
    b_link = reverse("kpi:cluster", args=[data.cluster_b.pk])
    assert f'<a href="{b_link}?period={period.pk}">Кластер Б</a></th>' in response.text
    assert f'<span class="badge {badge}">1</span></td>' in response.text
    # The region's board leaves the region column out.
    region = as_user(federal).get(reverse("kpi:region", args=[data.region_a.pk]), {"period": period.pk})
    assert f"<td>{escape(data.region_a.name)}</td>" not in region.text
    assert region.context["region"] == data.region_a


def test_it_says_so_when_no_cluster_matches(as_user, data, period, federal):
    response = as_user(federal).get(reverse("kpi:federal"), {"period": period.pk, "q": "Никакой"})
    assert not response.context["rows"]
    assert '<tbody><tr><td colspan="3" class="text-body-secondary">Кластеров нет.</td></tr>\n  </tbody>' in (
        response.text
    )


def test_it_answers_404_for_a_region_that_does_not_exist(as_user, data, period, federal):
    response = as_user(federal).get(reverse("kpi:region", args=[10**6]), {"period": period.pk})
    assert response.status_code == 404
