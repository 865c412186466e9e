"""Validation of Russian organisation and person identifiers: ИНН, КПП, ОГРН, ОГРНИП, СНИЛС, ОКВЭД.

Cluster participants (colleges, employers, regional bodies) are identified by the numbers the Federal
Tax Service and the Social Fund assign them. A mistyped ИНН or ОГРН silently breaks matching against
registers and reports, so every such field is checked at the model level with the control-number
rules fixed in the regulations, not just by length.

Each ``validate_*`` function takes a string and raises :class:`~django.core.exceptions.ValidationError`
with a Russian message and a stable ``code``, so it can be listed directly in a model field's
``validators``. Each ``is_valid_*`` function answers the same question as a bool. The ``*_check_digit*``
functions compute control numbers from the body of an identifier and are useful for generating test data.

Region codes are deliberately not checked: the list changes (codes 90–95 exist, new subjects appear),
and the control number already catches typing errors.
"""

import operator
import re

from django.core.exceptions import ValidationError

# ``[0-9]`` rather than ``\d``: ``\d`` also matches non-ASCII digits such as Arabic-Indic ones.
_DIGITS_RE = re.compile(r"[0-9]+")

# КПП: four digits of the tax office code, two characters of the registration reason (digits or,
# since 2013, capital Latin letters — order of the ФНС of 29.06.2012 № ММВ-7-6/435@), three digits
# of the serial number.
_KPP_RE = re.compile(r"[0-9]{4}[0-9A-Z]{2}[0-9]{3}")

# ОКВЭД 2 (ОК 029-2014): class "13", subclass "13.9", group "13.92", subgroup "13.92.1", kind "13.92.12".
_OKVED_RE = re.compile(r"[0-9]{2}(\.[0-9]{1,2}(\.[0-9]{1,2})?)?")

# Separators people type inside a СНИЛС: "112-233-445 95", sometimes with a no-break space.
_SNILS_SEPARATORS_RE = re.compile(r"[\s\-\u00a0\u202f]")

# ИНН weights (order of the ФНС of 29.06.2012 № ММВ-7-6/435@ and its predecessors).
_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
# СНИЛС: each digit times its position counted from the end.
_SNILS_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, 1)


def _as_str(value) -> str:
    return "" if value is None else str(value)


def _is_digits(value: str, length: int) -> bool:
    return len(value) == length and _DIGITS_RE.fullmatch(value) is not None


def _require_digits(body: str, lengths: tuple[int, ...], what: str) -> None:
    if len(body) not in lengths or _DIGITS_RE.fullmatch(body) is None:
        expected = " или ".join(str(n) for n in lengths)
        raise ValueError(f"{what}: ожидается {expected} цифр, получено {body!r}")


def _weighted_check(digits: str, weights: tuple[int, ...]) -> str:
    # ИНН control digit: weighted sum modulo 11, and a remainder of 10 is written as 0.
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    return str(total % 11 % 10)


# --- Pure control-number functions ------------------------------------------------------------------


def inn_check_digits(body: str) -> str:
    """Control digits of an ИНН.

    ``body`` is the first 9 digits of an organisation's 10-digit ИНН (returns 1 digit) or the first 10
    digits of a person's 12-digit ИНН (returns 2 digits; the 12th is computed over the 11th).
    """
    _require_digits(body, (9, 10), "ИНН")
    if len(body) == 9:
        return _weighted_check(body, _INN10_WEIGHTS)
    eleventh = _weighted_check(body, _INN12_WEIGHTS_11)
    twelfth = _weighted_check(body + eleventh, _INN12_WEIGHTS_12)
    return eleventh + twelfth


def ogrn_check_digit(body: str) -> str:
    """Control digit of a 13-digit ОГРН from its first 12 digits.

    Rule of the ЕГРЮЛ (Постановление Правительства РФ от 19.06.2002 № 438): the remainder of the
    12-digit number divided by 11; a remainder of 10 is written as 0.
    """
    _require_digits(body, (12,), "ОГРН")
    return str(int(body) % 11 % 10)


def ogrnip_check_digit(body: str) -> str:
    """Control digit of a 15-digit ОГРНИП from its first 14 digits.

    Rule of the ЕГРИП: the remainder of the 14-digit number divided by 13, of which only the last
    digit is written (remainders 10, 11, 12 give 0, 1, 2).
    """
    _require_digits(body, (14,), "ОГРНИП")
    return str(int(body) % 13 % 10)


def snils_check_digits(body: str) -> str:
    """Two control digits of a СНИЛС from its first 9 digits.

    Rule of the Pension (now Social) Fund: each digit is multiplied by its position counted from the
    end (9, 8, …, 1). A sum below 100 is the control number itself; 100 and 101 give 00; a larger sum
    is reduced modulo 101, and a remainder of 100 again gives 00.
    """
    _require_digits(body, (9,), "СНИЛС")
    return _snils_check(body)


def _snils_check(body: str) -> str:
    total = sum(map(operator.mul, map(int, body), _SNILS_WEIGHTS))
    if total < 100:
        check = total
    elif total in (100, 101):
        check = 0
    else:
        check = total % 101
        if check == 100:
            check = 0
    return f"{check:02d}"


# --- ИНН --------------------------------------------------------------------------------------------


def validate_inn(value) -> None:
    """ИНН of an organisation (10 digits) or of a person / individual entrepreneur (12 digits)."""
    value = _as_str(value)
    if not (_is_digits(value, 10) or _is_digits(value, 12)):
        raise ValidationError(
            "ИНН должен состоять из 10 или 12 цифр.", code="inn_format", params={"value": value}
        )
    body_length = 9 if len(value) == 10 else 10
    if inn_check_digits(value[:body_length]) != value[body_length:]:
        raise ValidationError("Неверное контрольное число ИНН.", code="inn_checksum", params={"value": value})


def is_valid_inn(value) -> bool:
    return _is_valid(validate_inn, value)


# --- КПП --------------------------------------------------------------------------------------------


def validate_kpp(value) -> None:
    """КПП: 9 characters, the 5th and 6th may be capital Latin letters."""
    value = _as_str(value)
    if _KPP_RE.fullmatch(value) is None:
        raise ValidationError(
            "КПП должен состоять из 9 символов: 4 цифры, 2 цифры или заглавные латинские буквы, 3 цифры.",
            code="kpp_format",
            params={"value": value},
        )


def is_valid_kpp(value) -> bool:
    return _is_valid(validate_kpp, value)


def kpp_allowed_for_inn(inn) -> bool:
    """Whether a КПП can accompany this ИНН.

    A КПП is assigned only to organisations (10-digit ИНН); individuals and individual entrepreneurs
    (12-digit ИНН) have none.
    """
    return len(_as_str(inn)) == 10


def validate_kpp_for_inn(kpp, inn) -> None:
    """Cross-field check for a model's ``clean()``: an empty КПП always passes; a non-empty one must
    be well-formed and may only accompany a 10-digit ИНН. Whether a КПП is required is left to the caller.
    """
    kpp = _as_str(kpp)
    if not kpp:
        return
    if not kpp_allowed_for_inn(inn):
        raise ValidationError(
            "КПП указывается только для организаций с 10-значным ИНН.",
            code="kpp_not_allowed",
            params={"value": kpp},
        )
    validate_kpp(kpp)


# --- ОГРН / ОГРНИП ----------------------------------------------------------------------------------


def validate_ogrn(value) -> None:
    """ОГРН of a legal entity: 13 digits."""
    value = _as_str(value)
    if not _is_digits(value, 13):
        raise ValidationError("ОГРН должен состоять из 13 цифр.", code="ogrn_format", params={"value": value})
    if ogrn_check_digit(value[:12]) != value[12]:
        raise ValidationError(
            "Неверное контрольное число ОГРН.", code="ogrn_checksum", params={"value": value}
        )


def is_valid_ogrn(value) -> bool:
    return _is_valid(validate_ogrn, value)


def validate_ogrnip(value) -> None:
    """ОГРНИП of an individual entrepreneur: 15 digits."""
    value = _as_str(value)
    if not _is_digits(value, 15):
        raise ValidationError(
            "ОГРНИП должен состоять из 15 цифр.", code="ogrnip_format", params={"value": value}
        )
    if ogrnip_check_digit(value[:14]) != value[14]:
        raise ValidationError(
            "Неверное контрольное число ОГРНИП.", code="ogrnip_checksum", params={"value": value}
        )


def is_valid_ogrnip(value) -> bool:
    return _is_valid(validate_ogrnip, value)


def validate_ogrn_or_ogrnip(value) -> None:
    """ОГРН (13 digits) of a legal entity or ОГРНИП (15 digits) of an individual entrepreneur."""
    value = _as_str(value)
    if _is_digits(value, 13):
        validate_ogrn(value)
    elif _is_digits(value, 15):
        validate_ogrnip(value)
    else:
        raise ValidationError(
            "ОГРН должен состоять из 13 цифр, ОГРНИП — из 15 цифр.",
            code="ogrn_format",
            params={"value": value},
        )


def is_valid_ogrn_or_ogrnip(value) -> bool:
    return _is_valid(validate_ogrn_or_ogrnip, value)


# --- СНИЛС ------------------------------------------------------------------------------------------


def normalize_snils(value) -> str:
    """Strip the separators people type ("112-233-445 95" → "11223344595"). Does not validate."""
    return _SNILS_SEPARATORS_RE.sub("", _as_str(value))


def format_snils(digits) -> str:
    """Print an 11-digit СНИЛС the way it appears on the card: "112-233-445 95"."""
    digits = normalize_snils(digits)
    if not _is_digits(digits, 11):
        raise ValueError(f"СНИЛС: ожидается 11 цифр, получено {digits!r}")
    return f"{digits[0:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:11]}"


def validate_snils(value) -> None:
    """СНИЛС: 11 digits, separators allowed ("112-233-445 95" or "11223344595")."""
    if value.__class__ is str and len(value) == 11 and value.isascii() and value.isdigit():
        digits = value  # as stored and as imported: no separators to strip (a file checks 100 000 of them)
    else:
        digits = normalize_snils(value)
        if not _is_digits(digits, 11):
            raise ValidationError(
                "СНИЛС должен состоять из 11 цифр.", code="snils_format", params={"value": _as_str(value)}
            )
    if _snils_check(digits[:9]) != digits[9:]:
        raise ValidationError(
            "Неверное контрольное число СНИЛС.", code="snils_checksum", params={"value": _as_str(value)}
        )


def is_valid_snils(value) -> bool:
    return _is_valid(validate_snils, value)


# --- ОКВЭД ------------------------------------------------------------------------------------------


def validate_okved(value) -> None:
    """ОКВЭД 2 code: from the class "13" down to the kind "13.92.12"."""
    value = _as_str(value)
    if _OKVED_RE.fullmatch(value) is None:
        raise ValidationError(
            "Код ОКВЭД должен иметь вид 13, 13.9, 13.92, 13.92.1 или 13.92.12.",
            code="okved_format",
            params={"value": value},
        )


def is_valid_okved(value) -> bool:
    return _is_valid(validate_okved, value)


def _is_valid(validator, value) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True
