"""Showing indicator values: each unit in its own Russian typography."""

from decimal import Decimal
from functools import lru_cache
from html import escape

from django import template
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from profcluster.core.money import DASH, NBSP, _format_fixed, format_money
from profcluster.kpi.selectors import BENCHMARKS, STATUS_LABELS, DrillLinks

register = template.Library()


def format_value(value, unit: str) -> str:
    if value is None:
        return DASH
    value = Decimal(value)
    if unit == "roubles":
        return format_money(value)
    if unit == "percent":
        return f"{_format_fixed(value, 1)}{NBSP}%"
    if unit == "ratio":
        return _format_fixed(value, 2)
    # People, hours and units are whole, but an average or a manual value may carry a fraction.
    return _format_fixed(value, 0 if value == value.to_integral_value() else 2)


@register.filter
def kpi_value(value, unit):
    return format_value(value, unit)


def format_benchmark(value, kind: str) -> str:
    if value is None:
        return DASH
    if kind in ("money_per_student", "federal_per_student"):
        return format_money(value)
    return _format_fixed(Decimal(value), 1)


@register.filter
def benchmark(value, kind):
    return format_benchmark(value, kind)


STATUS_CLASSES = {
    "on_track": "text-bg-success",
    "at_risk": "text-bg-warning",
    "missed": "text-bg-danger",
    "no_target": "text-bg-light",
    "no_data": "text-bg-secondary",
}


@register.filter
def status_class(status):
    return STATUS_CLASSES.get(status, "text-bg-light")


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def region_total(region_row, code):
    return region_row.total(code)


@lru_cache(maxsize=16)
def _status_badges(language: str | None) -> dict[str, str]:
    """The opening of a cell per status: its badge, titled in the language of the request."""
    return {
        status: f'<td class="text-end text-nowrap"><span class="badge {STATUS_CLASSES[status]}" '
        f'title="{escape(str(label))}">&nbsp;</span> '
        for status, label in STATUS_LABELS.items()
    }


def _board_cells(row, badges: dict[str, str]) -> str:
    """The figure and benchmark cells of a board row, as HTML built here.

    A board shows a dozen figures and four benchmarks for every cluster; rendered through template nodes,
    filters and a lazy translation per cell, the cells cost more than computing the figures (profiled on
    the federal board at 120 clusters). The markup is the one the template wrote, escaped the same way.
    """
    cells = []
    for f in row.figures:
        text = escape(format_value(f.value, f.indicator.unit), quote=False)
        drill = f.drill
        if drill:
            text = f'<a href="{escape(drill)}">{text}</a>'
        cells.append(f"{badges[f.status]}{text}</td>")
    for key in BENCHMARKS:
        text = escape(format_benchmark(row.benchmarks.get(key), key), quote=False)
        cells.append(f'<td class="text-end text-nowrap">{text}</td>')
    return mark_safe("".join(cells))  # every piece above is escaped


@register.simple_tag(takes_context=True)
def board_rows(context, rows, period, show_region=False):
    """The body rows of a board table (_board_table.html), as HTML built here.

    Each row was a dozen template nodes and a reversed URL: with the cells built in Python, the nodes
    around them cost a region's board (9 clusters) a third of its rendering. The markup is the one the
    template wrote, byte for byte; values are rendered and escaped as the template's variables were
    (`render_value_in_context`: the same localisation of numbers).
    """
    badges = _status_badges(get_language())
    # The link reversed once per table, any cluster's id put in its place (as selectors.DrillLinks does).
    placeholder = DrillLinks.PLACEHOLDER
    link = [escape(part) for part in reverse("kpi:cluster", args=[placeholder]).split(placeholder)]
    query = f"?period={render_value_in_context(period.pk, context)}"
    numbers: dict[int, str] = {}

    def number(value: int) -> str:
        text = numbers.get(value)
        if text is None:
            text = numbers[value] = render_value_in_context(value, context)
        return text

    out = []
    for row in rows:
        cluster = row.cluster
        report = row.report
        status = (
            f'<div class="small text-body-secondary">{escape(str(report.get_status_display()))}</div>'
            if report
            else ""
        )
        region = f"<td>{escape(str(cluster.region.name))}</td>" if show_region else ""
        missed, at_risk = row.missed, row.at_risk
        risks = (f'<span class="badge text-bg-danger">{number(missed)}</span>' if missed else "") + (
            f' <span class="badge text-bg-warning">{number(at_risk)}</span>' if at_risk else ""
        )
        out.append(
            f'\n    <tr>\n      <th scope="row"><a href="{str(cluster.pk).join(link)}{query}">'
            f"{escape(str(cluster.name))}</a>{status}</th>\n      {region}\n"
            f'      <td class="text-nowrap">{risks}</td>\n      {_board_cells(row, badges)}\n    </tr>\n  '
        )
    return mark_safe("".join(out))  # every piece above is escaped
