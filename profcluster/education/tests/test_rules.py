import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from profcluster.education.models import EmploymentRecord, FgosCode, TargetedContract, add_months
from profcluster.education.tests.conftest import programme, student


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2008-04-01", 156, "2021-04-01"),  # thirteen years: the youngest a student may be enrolled
        ("2025-11-28", 3, "2026-02-28"),
        ("2025-01-31", 1, "2025-02-28"),  # the last day of a shorter month
        ("2024-01-29", 1, "2024-02-29"),
        ("2023-08-31", 13, "2024-09-30"),
        ("2025-12-15", -12, "2024-12-15"),
    ],
)
def test_it_adds_months_keeping_the_day_or_the_last_day_of_the_month(day, months, expected):
    start = datetime.date.fromisoformat(day)
    assert add_months(start, months) == datetime.date.fromisoformat(expected)


def test_it_ships_the_reference_table_of_fgos_codes(db):
    code = FgosCode.objects.get(code="15.01.05")
    assert code.kind == "profession" and code.name.startswith("Сварщик")
    assert FgosCode.objects.get(code="29.02.10").kind == "speciality"
    assert FgosCode.objects.count() >= 25


@pytest.mark.parametrize("code", ["29.2.10", "29.03.10", "2902.10", "29.02.1"])
def test_it_rejects_a_malformed_code(world, code):
    with pytest.raises(ValidationError) as caught:
        programme(world, code=code)
    assert "code" in caught.value.message_dict


def test_it_rejects_a_code_missing_from_the_list(world):
    with pytest.raises(ValidationError) as caught:
        programme(world, code="29.02.99")
    assert caught.value.message_dict["code"] == ["Такого кода нет в перечне профессий и специальностей."]


def test_it_rejects_a_code_not_on_the_list_at_the_first_intake(world):
    FgosCode.objects.filter(code="29.02.10").update(valid_to=datetime.date(2023, 9, 1))
    assert programme(world, start_year=2023).pk
    FgosCode.objects.filter(code="29.02.10").update(valid_to=datetime.date(2023, 8, 31))
    with pytest.raises(ValidationError) as caught:
        programme(world, start_year=2023, form="extramural")
    assert caught.value.message_dict["code"] == ["Код 29.02.10 не действует на 01.09.2023."]


def test_it_names_the_programme_after_its_code_and_checks_the_shortening(world):
    assert programme(world).name.startswith("Конструирование, моделирование")
    with pytest.raises(ValidationError) as caught:
        programme(world, form="extramural", actual_years=3, actual_months=10)
    assert "actual_years" in caught.value.message_dict


def test_it_rejects_a_college_outside_the_cluster(world):
    with pytest.raises(ValidationError) as caught:
        programme(world, college=world.college_b)
    assert caught.value.message_dict["college"] == ["Образовательная организация не участвует в кластере."]


def test_it_allows_one_active_targeted_contract(edu, world):
    second = TargetedContract(
        student=edu.students["d"], employer=world.employer_a, number="ЦО-2", date=datetime.date(2026, 9, 20)
    )
    assert "status" in errors_of(second)
    with pytest.raises(IntegrityError):
        second.save()


def test_it_allows_a_new_contract_once_the_old_one_ended(edu, world):
    TargetedContract.objects.filter(number="ЦО-1").update(status="terminated")
    second = TargetedContract(
        student=edu.students["d"], employer=world.employer_a, number="ЦО-2", date=datetime.date(2026, 9, 20)
    )
    second.full_clean()
    second.save()
    assert edu.students["d"].contracts.filter(status="active").get() == second


def test_it_stores_snils_normalised_and_rejects_a_wrong_one(edu):
    assert edu.students["a"].snils == "11223344595"
    with pytest.raises(ValidationError) as caught:
        student(edu.g26, "Иванов", "Иван", snils="112-233-445 96")
    assert "snils" in caught.value.message_dict


def test_it_records_employment_of_graduates_only(edu, world):
    record = EmploymentRecord(
        student=edu.students["d"],
        checkpoint_months=12,
        status="not_employed",
        source="self_report",
        fact_date=datetime.date(2026, 7, 1),
    )
    assert "student" in errors_of(record)
    record.student, record.checkpoint_months = edu.students["b"], 18
    assert "checkpoint_months" in errors_of(record)
