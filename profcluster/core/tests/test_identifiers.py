"""Control-number rules for ИНН, КПП, ОГРН, ОГРНИП, СНИЛС and the ОКВЭД code format."""

import pytest
from django.core.exceptions import ValidationError

from profcluster.core import identifiers as ids

# Real organisations: ПАО Сбербанк, ПАО «Газпром», ООО «Яндекс».
SBERBANK = {"inn": "7707083893", "kpp": "773601001", "ogrn": "1027700132195"}
GAZPROM = {"inn": "7736050003", "ogrn": "1027700070518"}
YANDEX = {"inn": "7736207543", "ogrn": "1027700229193"}
REAL = [SBERBANK, GAZPROM, YANDEX]


def _raises(validator, value, code):
    with pytest.raises(ValidationError) as exc:
        validator(value)
    assert exc.value.code == code
    return exc.value


# --- ИНН --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("inn", [org["inn"] for org in REAL] + ["500100732259"])
def test_it_accepts_real_inn(inn):
    ids.validate_inn(inn)
    assert ids.is_valid_inn(inn)


@pytest.mark.parametrize(("body", "check"), [("770708389", "3"), ("773605000", "3"), ("5001007322", "59")])
def test_it_computes_inn_check_digits(body, check):
    assert ids.inn_check_digits(body) == check


@pytest.mark.parametrize(
    "inn", ["", "770708389", "77070838931", "7707083893 ", "77О7083893", "５００１００７３２２５９"]
)
def test_it_rejects_inn_of_wrong_shape(inn):
    err = _raises(ids.validate_inn, inn, "inn_format")
    assert "10 или 12 цифр" in err.message
    assert not ids.is_valid_inn(inn)


@pytest.mark.parametrize("inn", ["7707083894", "500100732258", "500100732269"])
def test_it_rejects_inn_with_wrong_check_digit(inn):
    err = _raises(ids.validate_inn, inn, "inn_checksum")
    assert err.message == "Неверное контрольное число ИНН."


def test_it_rejects_none_as_inn():
    assert not ids.is_valid_inn(None)


# --- КПП --------------------------------------------------------------------------------------------


# "99.." is the tax office for the largest taxpayers; letters are allowed in the reason code.
@pytest.mark.parametrize("kpp", [SBERBANK["kpp"], "997250001", "7701AB001", "77010A001"])
def test_it_accepts_kpp(kpp):
    ids.validate_kpp(kpp)


@pytest.mark.parametrize(
    "kpp", ["", "77360100", "7736010011", "7701ab001", "A73601001", "7736010A1", "773601001\n"]
)
def test_it_rejects_malformed_kpp(kpp):
    _raises(ids.validate_kpp, kpp, "kpp_format")
    assert not ids.is_valid_kpp(kpp)


def test_it_allows_kpp_only_with_ten_digit_inn():
    ids.validate_kpp_for_inn(SBERBANK["kpp"], SBERBANK["inn"])
    ids.validate_kpp_for_inn("", "500100732259")
    assert ids.kpp_allowed_for_inn("7707083893")
    assert not ids.kpp_allowed_for_inn("500100732259")
    _raises(lambda kpp: ids.validate_kpp_for_inn(kpp, "500100732259"), "773601001", "kpp_not_allowed")
    _raises(lambda kpp: ids.validate_kpp_for_inn(kpp, "7707083893"), "7701ab001", "kpp_format")


# --- ОГРН / ОГРНИП ----------------------------------------------------------------------------------


@pytest.mark.parametrize("ogrn", [org["ogrn"] for org in REAL])
def test_it_accepts_real_ogrn(ogrn):
    ids.validate_ogrn(ogrn)
    ids.validate_ogrn_or_ogrnip(ogrn)
    assert ids.ogrn_check_digit(ogrn[:12]) == ogrn[12]


@pytest.mark.parametrize(
    ("validator", "value", "code"),
    [
        (ids.validate_ogrn, "1027700132196", "ogrn_checksum"),
        (ids.validate_ogrn, "102770013219", "ogrn_format"),
        (ids.validate_ogrn, "304500116000157", "ogrn_format"),
        (ids.validate_ogrn, "10277OO132195", "ogrn_format"),
        (ids.validate_ogrnip, "304500116000158", "ogrnip_checksum"),
        (ids.validate_ogrnip, "1027700132195", "ogrnip_format"),
        (ids.validate_ogrn_or_ogrnip, "1027700132196", "ogrn_checksum"),
        (ids.validate_ogrn_or_ogrnip, "304500116000158", "ogrnip_checksum"),
        (ids.validate_ogrn_or_ogrnip, "10277001321950", "ogrn_format"),
    ],
)
def test_it_rejects_bad_ogrn_and_ogrnip(validator, value, code):
    _raises(validator, value, code)


def test_it_accepts_commonly_cited_ogrnip():
    ids.validate_ogrnip("304500116000157")
    ids.validate_ogrn_or_ogrnip("304500116000157")
    assert ids.is_valid_ogrnip("304500116000157")


# Bodies whose remainder modulo 13 is 10, 11, 12: the written check digit is only the last digit.
@pytest.mark.parametrize(
    ("body", "remainder"), [("30450011600005", 10), ("30450011600006", 11), ("30450011600007", 12)]
)
def test_it_keeps_only_last_digit_of_ogrnip_remainder(body, remainder):
    assert int(body) % 13 == remainder
    assert ids.ogrnip_check_digit(body) == str(remainder - 10)
    ids.validate_ogrnip(body + str(remainder - 10))
    # Without the final mod 10 the "check digit" would be two digits long: never a valid ОГРНИП.
    assert not ids.is_valid_ogrnip(body + str(remainder))
    for wrong in set("0123456789") - {str(remainder - 10)}:
        assert not ids.is_valid_ogrnip(body + wrong)


# --- СНИЛС ------------------------------------------------------------------------------------------


def _snils_sum(body):
    return sum(int(d) * w for d, w in zip(body, range(9, 0, -1), strict=True))


@pytest.mark.parametrize(
    ("body", "weighted_sum", "check"),
    [
        ("112233445", 95, "95"),  # below 100: the sum itself
        ("100582052", 99, "99"),
        ("050234316", 100, "00"),  # exactly 100
        ("016103396", 101, "00"),  # exactly 101
        ("700201621", 102, "01"),  # above 101: modulo 101
        ("136571200", 150, "49"),
        ("820981233", 201, "00"),  # modulo 101 gives 100, written as 00
        ("999999989", 403, "00"),
    ],
)
def test_it_computes_snils_check_digits_at_boundaries(body, weighted_sum, check):
    assert _snils_sum(body) == weighted_sum
    assert ids.snils_check_digits(body) == check
    ids.validate_snils(body + check)


@pytest.mark.parametrize("snils", ["112-233-445 95", "11223344595", "112 233 445 95", "112-233-445\u00a095"])
def test_it_accepts_snils_with_or_without_separators(snils):
    ids.validate_snils(snils)
    assert ids.normalize_snils(snils) == "11223344595"
    assert ids.format_snils(snils) == "112-233-445 95"


@pytest.mark.parametrize(
    ("snils", "code"),
    [
        ("112-233-445 96", "snils_checksum"),
        ("820-981-233 100", "snils_format"),
        ("112-233-445 9", "snils_format"),
        ("112-233-445 9X", "snils_format"),
        ("", "snils_format"),
    ],
)
def test_it_rejects_bad_snils(snils, code):
    _raises(ids.validate_snils, snils, code)


def test_it_refuses_to_format_incomplete_snils():
    with pytest.raises(ValueError):
        ids.format_snils("112233445")


# --- ОКВЭД ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["13", "13.9", "13.92", "13.92.1", "13.92.12", "85.21"])
def test_it_accepts_okved(code):
    ids.validate_okved(code)


@pytest.mark.parametrize(
    "code", ["", "1", "131", "13.", "13.921", "13.92.123", "13.92.12.1", "13,92", "13.92\n"]
)
def test_it_rejects_malformed_okved(code):
    _raises(ids.validate_okved, code, "okved_format")
    assert not ids.is_valid_okved(code)


# --- Pure functions reject garbage bodies -----------------------------------------------------------


@pytest.mark.parametrize(
    ("func", "body"),
    [
        (ids.inn_check_digits, "77070838"),
        (ids.inn_check_digits, "77070838a"),
        (ids.ogrn_check_digit, "1027700132195"),
        (ids.ogrnip_check_digit, "3045001160001"),
        (ids.snils_check_digits, "11223344"),
    ],
)
def test_it_rejects_bodies_of_wrong_length(func, body):
    with pytest.raises(ValueError):
        func(body)
