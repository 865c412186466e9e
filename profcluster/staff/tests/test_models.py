import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from profcluster.staff.models import Course, StaffMember, TrainingRecord
from profcluster.staff.tests.conftest import make_course, make_member, make_record


def test_it_refuses_upskilling_shorter_than_16_hours(staff):
    with pytest.raises(ValidationError) as error:
        make_course(staff.provider, Course.Kind.UPSKILLING, 15)
    assert "16" in str(error.value.message_dict["hours"])
    assert make_course(staff.provider, Course.Kind.UPSKILLING, 16, title="Короткий").hours == 16


def test_it_refuses_retraining_shorter_than_250_hours(staff):
    with pytest.raises(ValidationError) as error:
        make_course(staff.provider, Course.Kind.RETRAINING, 249)
    assert "hours" in error.value.message_dict
    assert make_course(staff.provider, Course.Kind.RETRAINING, 250, title="Переподготовка").pk


def test_it_enforces_the_hour_minimums_in_the_database(staff):
    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.create(
            provider=staff.provider, title="x", kind="retraining", hours=72, format="distance"
        )
    assert not Course.objects.filter(title="x").exists()


def test_it_counts_three_years_of_validity_from_the_document_date(staff):
    record = make_record(staff.teacher, staff.course, datetime.date(2023, 10, 13))
    assert record.valid_until == datetime.date(2026, 10, 13)
    record.refresh_from_db()
    assert record.valid_until == datetime.date(2026, 10, 13)


def test_it_takes_the_validity_from_settings(staff, settings):
    settings.PD_VALIDITY_YEARS = 5
    record = make_record(staff.teacher, staff.course, datetime.date(2024, 2, 29))
    assert record.valid_until == datetime.date(2029, 2, 28)


def test_it_marks_qualifications_expiring_and_expired(staff):
    record = make_record(staff.teacher, staff.course, datetime.date(2023, 10, 13))
    assert record.validity(datetime.date(2026, 6, 1)) == "valid"
    assert record.validity(datetime.date(2026, 8, 1)) == "expiring"
    assert record.validity(datetime.date(2026, 10, 14)) == "expired"
    assert make_record(staff.master, staff.course, None, TrainingRecord.Status.PLANNED).validity() == ""


def test_it_requires_a_document_for_a_completed_training(staff):
    with pytest.raises(ValidationError) as error:
        make_record(staff.teacher, staff.course, None, TrainingRecord.Status.COMPLETED)
    assert {"document_number", "document_date"} <= set(error.value.message_dict)
    assert not TrainingRecord.objects.exists()


def test_it_needs_a_host_college_for_a_practitioner_only(staff, world):
    with pytest.raises(ValidationError) as error:
        make_member(world.employer_a, StaffMember.Category.PRACTITIONER, "Без колледжа")
    assert "host_organisation" in error.value.message_dict
    with pytest.raises(ValidationError):
        make_member(world.college_a, StaffMember.Category.TEACHER, "Лишний", host=world.college_a2)
    assert staff.practitioner.organisation == world.employer_a


def test_it_copies_the_organisation_from_the_person(staff, world):
    assert staff.teacher.organisation == world.college_a
    assert staff.other_teacher.organisation == world.college_a2
