from django import template

from profcluster.core import money, personal
from profcluster.core.identifiers import format_snils

register = template.Library()


@register.filter
def rub(value):
    """130 000 000,00 ₽"""
    return money.format_money(value)


@register.filter
def rub_short(value):
    """130,0 млн ₽"""
    return money.format_money_short(value)


@register.filter
def snils(value):
    try:
        return format_snils(value) if value else ""
    except ValueError:  # a value stored before normalisation is shown as it is rather than breaking the page
        return value


@register.filter
def masked(value, kind):
    """Personal data for those not entitled to it: `{{ person.phone|masked:"phone" }}`."""
    maskers = {"email": personal.mask_email, "phone": personal.mask_phone, "snils": personal.mask_snils}
    return maskers[kind](value or "")


@register.filter
def model_verbose_name(model):
    return model._meta.verbose_name


@register.filter
def percent(fraction, places=1):
    """A share as a percentage: `{{ share|percent:2 }}` → 76,92 %; nothing known → —."""
    return money.format_percent(fraction, places=int(places))


@register.filter
def per_rouble(fraction):
    """Roubles per rouble, e.g. attracted per federal rouble: 0,30 ₽."""
    if fraction is None:
        return "—"
    return money.format_money(money.to_money(fraction))
