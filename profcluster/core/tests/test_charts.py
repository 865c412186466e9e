from decimal import Decimal

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
