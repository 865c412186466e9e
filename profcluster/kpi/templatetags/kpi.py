"""Showing indicator values: each unit in its own Russian typography."""

from decimal import Decimal

from django import template

from profcluster.core.money import DASH, NBSP, _format_fixed, format_money

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


@register.filter
def benchmark(value, kind):
    if value is None:
        return DASH
    if kind in ("money_per_student", "federal_per_student"):
        return format_money(value)
    return _format_fixed(Decimal(value), 1)


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
