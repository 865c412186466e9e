"""Money parsing, rounding and Russian formatting, on the seed cluster's funding figures."""

from decimal import Decimal

import pytest

from profcluster.core.money import format_money, format_money_short, format_percent, share, to_money

NB = "\u00a0"

# Seed cluster funding: 130 million in total from three sources.
TOTAL = Decimal("130000000")
FEDERAL = Decimal("100000000")
EMPLOYER = Decimal("20000000")
REGIONAL = Decimal("10000000")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (Decimal("130000000"), "130000000.00"),
        (130_000_000, "130000000.00"),
        ("130000000", "130000000.00"),
        ("130 000 000", "130000000.00"),
        (f"130{NB}000{NB}000,00{NB}₽", "130000000.00"),
        ("130 000 000,00 ₽", "130000000.00"),
        ("1\u202f234,5", "1234.50"),
        ("  42.1 ", "42.10"),
        ("-1 234,56", "-1234.56"),
        ("\u22121 234,56", "-1234.56"),
        ("0,005", "0.01"),  # half up, not to even
        ("0,015", "0.02"),
        ("2,345", "2.35"),
        ("-2,345", "-2.35"),
        ("-0,004", "0.00"),  # no negative zero
        (Decimal("1.004999"), "1.00"),
    ],
)
def test_it_parses_and_rounds_money_half_up(raw, expected):
    result = to_money(raw)
    assert isinstance(result, Decimal)
    assert str(result) == expected


@pytest.mark.parametrize("raw", [0.1, 1.0, float("nan"), True, None, [1]])
def test_it_refuses_floats_and_other_types(raw):
    with pytest.raises(TypeError):
        to_money(raw)


@pytest.mark.parametrize(
    "raw", ["", "₽", "abc", "1,234.56", "1e6", "NaN", "Infinity", "1 00", "12,", ",5", "1.2.3", "100 ₽ 50"]
)
def test_it_rejects_garbage_strings(raw):
    with pytest.raises(ValueError, match="Не удалось распознать сумму"):
        to_money(raw)


def test_it_rejects_non_finite_decimal():
    with pytest.raises(ValueError):
        to_money(Decimal("NaN"))


def test_it_adds_seed_sources_up_to_total_exactly():
    assert to_money(FEDERAL) + to_money(EMPLOYER) + to_money(REGIONAL) == to_money(TOTAL)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (TOTAL, f"130{NB}000{NB}000,00{NB}₽"),
        (FEDERAL, f"100{NB}000{NB}000,00{NB}₽"),
        (EMPLOYER, f"20{NB}000{NB}000,00{NB}₽"),
        (REGIONAL, f"10{NB}000{NB}000,00{NB}₽"),
        (0, f"0,00{NB}₽"),
        ("999,5", f"999,50{NB}₽"),
        ("1000", f"1{NB}000,00{NB}₽"),
        ("-1234567,891", f"-1{NB}234{NB}567,89{NB}₽"),
        (None, "—"),
    ],
)
def test_it_formats_money(value, expected):
    assert format_money(value) == expected


def test_it_formats_money_without_currency():
    assert format_money(TOTAL, currency=False) == f"130{NB}000{NB}000,00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (TOTAL, f"130,0{NB}млн{NB}₽"),
        (EMPLOYER, f"20,0{NB}млн{NB}₽"),
        ("1500000000", f"1,5{NB}млрд{NB}₽"),
        ("2 500 000 000 000", f"2{NB}500,0{NB}млрд{NB}₽"),
        ("250000", f"250,0{NB}тыс.{NB}₽"),
        ("1 250", f"1,3{NB}тыс.{NB}₽"),  # half up
        ("999 950", f"1,0{NB}млн{NB}₽"),  # rounding carries into the next unit
        ("999 999 999", f"1,0{NB}млрд{NB}₽"),
        ("-130000000", f"-130,0{NB}млн{NB}₽"),
        ("999,99", f"999,99{NB}₽"),
        (0, f"0,00{NB}₽"),
        (None, "—"),
    ],
)
def test_it_formats_money_short(value, expected):
    assert format_money_short(value) == expected


def test_it_computes_unrounded_seed_shares():
    assert share(FEDERAL, TOTAL) == Decimal(100) / Decimal(130)
    assert share(EMPLOYER, TOTAL) + share(REGIONAL, TOTAL) + share(FEDERAL, TOTAL) == pytest.approx(
        Decimal(1)
    )
    assert share(TOTAL, TOTAL) == 1


@pytest.mark.parametrize(
    ("part", "whole"), [(FEDERAL, 0), (0, Decimal("0.00")), (None, TOTAL), (FEDERAL, None)]
)
def test_it_has_no_share_of_nothing(part, whole):
    assert share(part, whole) is None


@pytest.mark.parametrize(
    ("part", "expected"),
    [(FEDERAL, f"76,9{NB}%"), (EMPLOYER, f"15,4{NB}%"), (REGIONAL, f"7,7{NB}%"), (TOTAL, f"100,0{NB}%")],
)
def test_it_formats_seed_shares_as_percent(part, expected):
    assert format_percent(share(part, TOTAL)) == expected


@pytest.mark.parametrize(
    ("fraction", "places", "expected"),
    [
        (Decimal("0.125"), 0, f"13{NB}%"),
        (Decimal("0.00005"), 2, f"0,01{NB}%"),
        (Decimal("-0.05"), 1, f"-5,0{NB}%"),
        (Decimal("-0.0000001"), 1, f"0,0{NB}%"),
        (None, 1, "—"),
    ],
)
def test_it_formats_percent(fraction, places, expected):
    assert format_percent(fraction, places) == expected
