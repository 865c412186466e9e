"""The year's activities from a spreadsheet, through the shared import pages."""

from django.urls import reverse

from profcluster.governance.models import Activity
from profcluster.governance.services import programme_revise
from profcluster.imports.tests.test_imports import upload, xlsx

HEADERS = [
    "Кластер",
    "Мероприятие",
    "Направление",
    "Статус",
    "Начало (план)",
    "Окончание (план)",
    "ИНН ответственной организации",
]


def rows(world):
    return [
        [
            "Кластер А1",
            "Стажировки на предприятии",
            "развитие кадров",
            "запланировано",
            "01.03.2024",
            "30.06.2024",
            world.employer_a.inn,
        ],
        [
            "Кластер А1",
            "День открытых дверей",
            "профориентация и приём",
            "запланировано",
            "15.04.2024",
            "15.04.2024",
            "",
        ],
    ]


def test_it_previews_then_adds_activities_to_the_current_version(as_user, manager, programme, world):
    revision = programme_revise(programme=programme)
    client = as_user(manager)
    job = upload(client, "activities", xlsx(HEADERS, rows(world)))
    assert job.status == "checked", job.result["errors"]
    assert not Activity.objects.filter(title="День открытых дверей").exists()
    client.post(reverse("imports:apply", args=[job.pk]))
    added = Activity.objects.get(title="Стажировки на предприятии")
    assert (added.programme, added.direction, added.responsible_organisation) == (
        revision,
        "staff",
        world.employer_a,
    )


def test_it_names_the_row_and_column_and_writes_nothing(as_user, official, programme, world):
    bad = rows(world)
    bad[1][6] = world.college_a2.inn
    job = upload(as_user(official), "activities", xlsx(HEADERS, bad))
    assert job.status == "failed"
    assert job.result["errors"] == [
        "строка 3, ИНН ответственной организации: Эта организация не участвует в кластере."
    ]
    assert programme.activities.count() == 4


def test_it_changes_nothing_when_the_same_file_comes_again(as_user, manager, programme, world):
    client = as_user(manager)
    client.post(reverse("imports:apply", args=[upload(client, "activities", xlsx(HEADERS, rows(world))).pk]))
    history = Activity.history.count()
    job = upload(client, "activities", xlsx(HEADERS, rows(world)))
    assert job.result["counts"] == {"create": 0, "update": 0, "unchanged": 2}
    client.post(reverse("imports:apply", args=[job.pk]))
    assert Activity.history.count() == history and programme.activities.count() == 6


def test_it_keeps_an_outsider_out_of_another_region(as_user, outsider, programme, world):
    job = upload(as_user(outsider), "activities", xlsx(HEADERS, rows(world)[:1]))
    assert job.result["errors"][0] == "строка 2, Кластер: «Кластер А1» не найдено"
    assert programme.activities.count() == 4
