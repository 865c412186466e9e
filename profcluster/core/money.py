"""Money as :class:`~decimal.Decimal`: parsing, rounding and Russian formatting.

Cluster funding is reported in roubles and kopecks, split between federal, regional and employer
sources whose parts must add up exactly to the total. Binary floats cannot represent kopecks exactly,
so floats are refused outright rather than converted: a float reaching this module is a bug upstream.

Amounts are rounded to kopecks half up («по правилам арифметики»), the rule used in Russian accounting
and budget documents, not Python's default banker's rounding.

Formatting follows Russian typography (ГОСТ Р 7.0.97 and common practice): digit groups of three
separated by a no-break space, a decimal comma, a no-break space before the unit and before «₽», so
that an amount never wraps across lines.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NBSP = "\u00a0"
RUBLE = "₽"
DASH = "—"

_KOPECK = Decimal("0.01")

# An amount as people type or paste it: optional sign (including the typographic minus U+2212), digits
# either run together or in groups of three separated by a space, no-break space or thin space, an
# optional decimal comma or point, an optional trailing «₽». No exponents, "NaN" or "Infinity".
_AMOUNT_RE = re.compile(
    r"\s*(?P<sign>[+\-\u2212]?)\s*"
    r"(?P<integer>[0-9]{1,3}(?:[ \u00a0\u2009\u202f][0-9]{3})+|[0-9]+)"
    r"(?:[.,](?P<fraction>[0-9]+))?"
    r"\s*₽?\s*"
)

# Short units, largest first: (threshold, label).
_SHORT_UNITS = (
    (Decimal(10) ** 9, "млрд"),
    (Decimal(10) ** 6, "млн"),
    (Decimal(10) ** 3, "тыс."),
)


def _parse_decimal(value) -> Decimal:
    """Turn Decimal / int / str into an exact Decimal without rounding."""
    if isinstance(value, float):
        raise TypeError(
            "Денежные суммы не передаются числами с плавающей точкой: используйте Decimal или str."
        )
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise TypeError(f"Ожидается Decimal, int или str, получено {type(value).__name__}.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"Сумма должна быть конечным числом, получено {value}.")
        return value
    match = _AMOUNT_RE.fullmatch(value)
    if match is None:
        raise ValueError(f"Не удалось распознать сумму {value!r}.")
    sign = "-" if match["sign"] in ("-", "\u2212") else ""
    integer = re.sub(r"[^0-9]", "", match["integer"])
    return Decimal(f"{sign}{integer}.{match['fraction'] or '0'}")


def to_money(value) -> Decimal:
    """Amount rounded half up to kopecks.

    Accepts Decimal, int or str; strings may contain spaces, no-break spaces, a decimal comma and «₽»
    ("130 000 000,00 ₽"). Floats raise TypeError; unparsable strings raise ValueError.
    """
    try:
        amount = _parse_decimal(value).quantize(_KOPECK, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:  # more digits than the decimal context can hold
        raise ValueError(f"Сумма {value!r} слишком велика.") from exc
    # Rounding −0,004 gives −0,00; a negative zero would print as "-0,00".
    return amount if amount else Decimal("0.00")


def _group(digits: str) -> str:
    """Split an integer part into groups of three with no-break spaces: "130000000" → "130 000 000"."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NBSP.join(groups)


def _format_fixed(value: Decimal, places: int) -> str:
    """Round half up to ``places`` and print with grouped digits and a decimal comma."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if not rounded:
        rounded = abs(rounded)
    sign = "-" if rounded < 0 else ""
    integer, _, fraction = f"{abs(rounded):f}".partition(".")
    text = sign + _group(integer)
    return f"{text},{fraction}" if fraction else text


def format_money(value, *, currency: bool = True) -> str:
    """ "130 000 000,00 ₽": grouped digits, decimal comma, always two decimals. None gives "—"."""
    if value is None:
        return DASH
    text = _format_fixed(to_money(value), 2)
    return f"{text}{NBSP}{RUBLE}" if currency else text


def format_money_short(value) -> str:
    """Compact amount for tables and cards: "130,0 млн ₽", "1,5 млрд ₽", "250,0 тыс. ₽".

    Below a thousand the full amount is printed ("999,99 ₽"). The unit is chosen after rounding, so
    999 999 999 becomes "1,0 млрд ₽", not "1 000,0 млн ₽". None gives "—".
    """
    if value is None:
        return DASH
    amount = to_money(value)
    # Pick the largest unit the amount reaches, then step up if rounding carries it to a thousand.
    reached = [i for i, (threshold, _) in enumerate(_SHORT_UNITS) if abs(amount) >= threshold]
    if not reached:
        return format_money(amount)
    index = reached[0]
    while True:
        threshold, label = _SHORT_UNITS[index]
        scaled = (amount / threshold).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if abs(scaled) < 1000 or index == 0:
            return f"{_format_fixed(scaled, 1)}{NBSP}{label}{NBSP}{RUBLE}"
        index -= 1


def share(part, whole) -> Decimal | None:
    """Fraction ``part / whole`` as an unrounded Decimal (0.769… for 100 of 130).

    None when ``whole`` is zero — there is no share of nothing — or when either value is None.
    """
    if part is None or whole is None:
        return None
    whole = _parse_decimal(whole)
    if not whole:
        return None
    return _parse_decimal(part) / whole


def format_percent(fraction, places: int = 1) -> str:
    """Fraction as a percentage: Decimal("0.769") → "76,9 %" (no-break space before «%»). None gives "—"."""
    if fraction is None:
        return DASH
    return f"{_format_fixed(_parse_decimal(fraction) * 100, places)}{NBSP}%"
