from decimal import Decimal
from unittest import mock

import pytest
from django.core.cache import cache

from profcluster.core import charts
from profcluster.core.charts import bar_chart_svg, pie_chart_svg


def test_it_draws_a_pie_of_shares_with_text_labels():
    svg = pie_chart_svg(
        ["Федеральный бюджет", "Работодатель", "Региональный бюджет"],
        [Decimal("100000000"), Decimal("20000000"), Decimal("10000000")],
    )
    assert svg.startswith("<svg")
    assert "Федеральный бюджет" in svg and "76,9 %" in svg


def test_it_draws_grouped_bars_and_is_deterministic():
    args = (["Оборудование", "Ремонт"], {"План": [Decimal("5"), Decimal("3")], "Факт": [Decimal("4"), 0]})
    assert bar_chart_svg(*args) == bar_chart_svg(*args)
    assert "Оборудование" in bar_chart_svg(*args) and "Факт" in bar_chart_svg(*args)


@pytest.fixture
def subplots():
    cache.clear()
    with mock.patch.object(charts.plt, "subplots", wraps=charts.plt.subplots) as spy:
        yield spy


def test_it_serves_the_same_chart_from_the_cache_without_drawing_again(subplots):
    args = (["Оборудование"], {"План": [Decimal("5")], "Факт": (value for value in [Decimal("4")])})
    first = bar_chart_svg(*args)
    again = bar_chart_svg(["Оборудование"], {"План": [Decimal("5")], "Факт": [Decimal("4")]})
    assert again == first and subplots.call_count == 1


def test_it_draws_again_when_the_data_or_the_options_change(subplots):
    first = pie_chart_svg(["Федеральный бюджет"], [Decimal("100")])
    assert pie_chart_svg(["Федеральный бюджет"], [Decimal("100")], title="2023") != first
    assert pie_chart_svg(["Федеральный бюджет"], [Decimal("101")]) == first  # a single slice looks the same
    assert subplots.call_count == 3
