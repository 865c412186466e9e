"""Staff lists from a spreadsheet, through the shared import pages."""

from django.urls import reverse

from profcluster.imports.tests.test_imports import upload, xlsx
from profcluster.organisations.models import Person
from profcluster.staff.models import StaffMember

HEADERS = ["ИНН организации", "ФИО", "Категория", "Занятость", "Работает с"]


def rows(world):
    return [
        [world.college_a.inn, "Павловская Инна", "руководитель", "штатный", "01.09.2022"],
        [world.college_a.inn, "Андреева Елена Ивановна", "преподаватель", "совместитель", "15.01.2023"],
    ]


def andreeva(world):
    return Person.objects.create(
        organisation=world.college_a, surname="Андреева", name="Елена", patronymic="Ивановна"
    )


def test_it_previews_then_creates_staff_members(as_user, official, world):
    andreeva(world)
    client = as_user(official)
    job = upload(client, "staff-members", xlsx(HEADERS, rows(world)))
    assert job.status == "checked", job.result["errors"]
    assert job.result["counts"]["create"] == 2 and not StaffMember.objects.exists()
    client.post(reverse("imports:apply", args=[job.pk]))
    member = StaffMember.objects.get(person__surname="Андреева")
    assert (member.category, member.employment, member.organisation) == (
        "teacher",
        "part_time",
        world.college_a,
    )


def test_it_names_the_row_and_column_and_writes_nothing(as_user, official, world):
    job = upload(as_user(official), "staff-members", xlsx(HEADERS, rows(world)))
    assert job.status == "failed"
    assert job.result["errors"] == [
        "строка 3, ИНН организации, ФИО: «Колледж А, Андреева Елена Ивановна» не найдено"
    ]
    assert not StaffMember.objects.exists()


def test_it_changes_nothing_when_the_same_file_comes_again(as_user, official, world):
    andreeva(world)
    client = as_user(official)
    client.post(
        reverse("imports:apply", args=[upload(client, "staff-members", xlsx(HEADERS, rows(world))).pk])
    )
    history = StaffMember.history.count()
    job = upload(client, "staff-members", xlsx(HEADERS, rows(world)))
    assert job.result["counts"] == {"create": 0, "update": 0, "unchanged": 2}
    client.post(reverse("imports:apply", args=[job.pk]))
    assert StaffMember.history.count() == history == 2


def test_it_refuses_a_person_of_another_organisation(as_user, official, world):
    row = [world.college_a2.inn, "Павловская Инна", "преподаватель", "штатный", ""]
    job = upload(as_user(official), "staff-members", xlsx(HEADERS, [row]))
    assert job.status == "failed"
    assert job.result["errors"] == [
        "строка 2, ИНН организации, ФИО: «Колледж А2, Павловская Инна» не найдено"
    ]
    assert not StaffMember.objects.exists()


def test_it_tells_namesakes_of_two_organisations_apart(as_user, official, world):
    andreeva(world)
    other = Person.objects.create(
        organisation=world.college_a2, surname="Андреева", name="Елена", patronymic="Ивановна"
    )
    rows = [
        [world.college_a.inn, "Андреева Елена Ивановна", "преподаватель", "штатный", ""],
        [world.college_a2.inn, "Андреева  Елена Ивановна", "мастер производственного обучения", "штатный"],
    ]
    client = as_user(official)
    job = upload(client, "staff-members", xlsx(HEADERS, rows))
    assert job.status == "checked", job.result["errors"]
    client.post(reverse("imports:apply", args=[job.pk]))
    assert StaffMember.objects.get(person=other).category == "master"
    assert StaffMember.objects.get(person__organisation=world.college_a).category == "teacher"


def test_it_keeps_an_outsider_out_of_another_region(as_user, outsider, world):
    job = upload(as_user(outsider), "staff-members", xlsx(HEADERS, rows(world)[:1]))
    assert job.status == "failed"
    assert job.result["errors"][0] == f"строка 2, ИНН организации: «{world.college_a.inn}» не найдено"
    assert not StaffMember.objects.exists()
