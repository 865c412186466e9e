import datetime
from dataclasses import dataclass

import pytest

from profcluster.conftest import make_organisation, valid_inn
from profcluster.organisations.models import Organisation, Person
from profcluster.staff.models import Course, StaffMember, TeachingAssignment, TrainingRecord

C = StaffMember.Category
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def make_member(organisation, category, surname, clusters=(), host=None, **person) -> StaffMember:
    person = Person.objects.create(organisation=organisation, surname=surname, name="Тест", **person)
    member = StaffMember(person=person, category=category, host_organisation=host)
    member.full_clean()
    member.save()
    member.clusters.set(clusters)
    return member


def make_course(provider, kind=Course.Kind.UPSKILLING, hours=72, fmt=Course.Format.DISTANCE, title="Курс"):
    course = Course(provider=provider, kind=kind, hours=hours, format=fmt, title=title)
    course.full_clean()
    course.save()
    return course


def make_record(
    member, course, issued: datetime.date | None, status=TrainingRecord.Status.COMPLETED, **extra
):
    start = (issued or datetime.date(2023, 3, 1)) - datetime.timedelta(days=10)
    record = TrainingRecord(
        staff_member=member,
        course=course,
        date_from=start,
        date_to=start + datetime.timedelta(days=5),
        status=status,
        document_number="000123" if issued else "",
        document_date=issued,
        **extra,
    )
    record.full_clean()
    record.save()
    return record


@dataclass
class Staff:
    provider: Organisation
    course: Course
    internship: Course
    teacher: StaffMember
    master: StaffMember
    manager: StaffMember
    methodologist: StaffMember
    practitioner: StaffMember
    other_teacher: StaffMember


@pytest.fixture
def staff(world) -> Staff:
    """Cluster A1: a teacher, a master, a manager and a methodologist of college A, and a practitioner of
    employer A teaching at college A. Cluster A2: one teacher of college A2."""
    provider = make_organisation(valid_inn(901, "77"), world.region_b, Organisation.Kind.OTHER, name="ИРПО")
    course = make_course(provider)
    internship = make_course(
        world.employer_a, Course.Kind.INTERNSHIP, 36, Course.Format.IN_PERSON, title="Стажировка"
    )
    a, a2 = [world.cluster_a], [world.cluster_a2]
    teacher = make_member(
        world.college_a,
        C.TEACHER,
        "Шишкина",
        a,
        snils="11223344595",
        email="shishkina@example.ru",
        phone="+7 913 111-22-33",
    )
    return Staff(
        provider=provider,
        course=course,
        internship=internship,
        teacher=teacher,
        master=make_member(world.college_a, C.MASTER, "Осипова", a),
        manager=make_member(world.college_a, C.MANAGER, "Кузнецова", a),
        methodologist=make_member(world.college_a, C.METHODOLOGIST, "Зайцева", a),
        practitioner=make_member(world.employer_a, C.PRACTITIONER, "Ковалёва", a, host=world.college_a),
        other_teacher=make_member(world.college_a2, C.TEACHER, "Соколов", a2),
    )


def make_assignment(
    practitioner, cluster, discipline="МДК.01.01", year=2023, semester=1, planned=36, delivered=30
):
    assignment = TeachingAssignment(
        practitioner=practitioner,
        cluster=cluster,
        programme="29.02.10",
        discipline=discipline,
        academic_year=year,
        semester=semester,
        planned_hours=planned,
        delivered_hours=delivered,
    )
    assignment.full_clean()
    assignment.save()
    return assignment


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"
