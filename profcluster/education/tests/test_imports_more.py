"""Groups, placements, employment and targeted contracts from spreadsheets, through the import pages."""

import datetime

from django.urls import reverse

from profcluster.education.models import EmploymentRecord, Group, Placement, TargetedContract
from profcluster.imports.tests.test_imports import upload, xlsx

GROUPS = ["ИНН колледжа", "Код ФГОС", "Группа", "Год набора", "План приёма"]
PLACEMENTS = [
    "Группа",
    "Обучающийся",
    "ИНН работодателя",
    "Вид практики",
    "Дата начала",
    "Дата окончания",
    "Часы",
]
EMPLOYMENT = [
    "Обучающийся",
    "Месяцев после выпуска",
    "Статус",
    "ИНН работодателя",
    "По специальности",
    "Источник сведений",
    "Дата сведений",
]
CONTRACTS = ["Обучающийся", "Группа", "Номер договора", "Дата договора", "ИНН работодателя", "Статус"]


def imported(client, register, headers, rows):
    """Uploads, checks that the preview passed, applies; returns the job after applying."""
    job = upload(client, register, xlsx(headers, rows))
    assert job.status == "checked", job.result["errors"]
    client.post(reverse("imports:apply", args=[job.pk]))
    job.refresh_from_db()
    return job


def group_rows(world):
    inn = world.college_a.inn
    return [[inn, "29.02.10", "КМ-27", 2027, 20], [inn, "29.02.10 Конструирование", "КМ-26", "2026", 5]]


def placement_rows(world, edu):
    inn = world.employer_a.inn
    return [
        ["КМ-26", "", inn, "учебная практика", "05.10.2026", "16.10.2026", 72],
        ["КМ-26", "Дмитриев Денис", inn, "производственная практика", "09.11.2026", "13.11.2026", 36],
    ]


def test_it_creates_and_updates_groups_by_programme_and_name(as_user, college, world, edu):
    client = as_user(college)
    job = upload(client, "groups", xlsx(GROUPS, group_rows(world)))
    assert job.result["counts"] == {"create": 1, "update": 1, "unchanged": 0}, job.result["errors"]
    assert not Group.objects.filter(name="КМ-27").exists()  # the preview wrote nothing
    client.post(reverse("imports:apply", args=[job.pk]))
    assert Group.objects.get(name="КМ-27").programme == edu.programme
    edu.g26.refresh_from_db()
    assert edu.g26.planned_intake == 5


def test_it_names_the_row_of_a_bad_group_and_writes_nothing(as_user, college, world, edu):
    rows = [group_rows(world)[0], [world.college_a.inn, "29.02.10", "КМ-19", 2019, 20]]
    job = upload(as_user(college), "groups", xlsx(GROUPS, rows))
    assert job.status == "failed"
    assert job.result["errors"] == [
        "строка 3, Год набора: Группа не может быть набрана раньше года первого набора программы."
    ]
    assert not Group.objects.filter(name="КМ-27").exists()


def test_it_changes_no_group_when_the_same_file_comes_again(as_user, college, world, edu):
    client = as_user(college)
    imported(client, "groups", GROUPS, group_rows(world))
    history = Group.history.count()
    job = imported(client, "groups", GROUPS, group_rows(world))
    assert job.result["counts"] == {"create": 0, "update": 0, "unchanged": 2}
    assert Group.history.count() == history


def test_it_finds_no_programme_for_an_outsider(as_user, outsider, world, edu):
    job = upload(as_user(outsider), "groups", xlsx(GROUPS, group_rows(world)[:1]))
    assert job.result["errors"] == [
        f"строка 2, ИНН колледжа, Код ФГОС: «{world.college_a.inn}, 29.02.10» не найдено"
    ]
    assert not Group.objects.filter(name="КМ-27").exists()


def test_it_keeps_a_group_placement_apart_from_a_students(as_user, college, world, edu):
    client = as_user(college)
    job = imported(client, "placements", PLACEMENTS, placement_rows(world, edu))
    assert job.result["counts"] == {"create": 1, "update": 0, "unchanged": 1}
    new = Placement.objects.get(kind="industrial", student=edu.students["e"])
    assert (new.group, new.hours, new.confirmation) == (edu.g26, 36, "pending")
    again = imported(client, "placements", PLACEMENTS, placement_rows(world, edu))
    assert again.result["counts"] == {"create": 0, "update": 0, "unchanged": 2}


def test_it_asks_the_employer_again_when_an_import_changes_a_confirmed_placement(
    as_user, college, world, edu
):
    row = [*placement_rows(world, edu)[0][:6], 80]
    imported(as_user(college), "placements", PLACEMENTS, [row])
    edu.group_placement.refresh_from_db()
    assert (edu.group_placement.hours, edu.group_placement.confirmation) == (80, "pending")
    assert edu.group_placement.history.first().history_change_reason == "Загрузка из файла"


def test_it_reads_placements_from_a_windows_1251_csv_with_semicolons(as_user, college, world, edu):
    rows = [PLACEMENTS, *placement_rows(world, edu)]
    text = "\r\n".join(";".join(str(cell) for cell in row) for row in rows) + "\r\n"
    client = as_user(college)
    job = upload(client, "placements", text.encode("cp1251"), name="practice.csv")
    assert job.status == "checked", job.result["errors"]
    client.post(reverse("imports:apply", args=[job.pk]))
    assert Placement.objects.filter(kind="industrial", student=edu.students["e"], hours=36).exists()


def test_it_keeps_an_outsider_from_placing_students(as_user, outsider, world, edu):
    job = upload(as_user(outsider), "placements", xlsx(PLACEMENTS, placement_rows(world, edu)))
    assert job.status == "failed" and job.result["errors"][0] == "строка 2, Группа: «КМ-26» не найдено"
    assert not Placement.objects.filter(kind="industrial", student=edu.students["e"]).exists()


def employment_rows(world):
    return [
        [
            "112-233-445 95",
            24,
            "трудоустроен",
            world.employer_a.inn,
            "да",
            "подтверждение работодателя",
            "01.07.2026",
        ],
        ["Борисов Борис", 24, "не трудоустроен", "", "", "официальный реестр", "01.07.2026"],
    ]


def test_it_records_employment_by_snils_or_name_once(as_user, college, world, edu):
    client = as_user(college)
    job = imported(client, "employment", EMPLOYMENT, employment_rows(world))
    assert job.result["counts"] == {"create": 2, "update": 0, "unchanged": 0}
    record = EmploymentRecord.objects.get(student=edu.students["a"], checkpoint_months=24)
    assert (record.employer, record.by_speciality, record.source) == (world.employer_a, True, "employer")
    assert (
        EmploymentRecord.objects.get(student=edu.students["b"], checkpoint_months=24).status == "not_employed"
    )
    again = imported(client, "employment", EMPLOYMENT, employment_rows(world))
    assert again.result["counts"] == {"create": 0, "update": 0, "unchanged": 2}


def test_it_names_an_employed_graduate_without_an_employer_and_writes_nothing(as_user, college, world, edu):
    rows = [
        [
            "112-233-445 95",
            24,
            "трудоустроен",
            world.employer_a.inn,
            "да",
            "сообщение выпускника",
            "01.07.2026",
        ],
        ["Борисов Борис", 24, "трудоустроен", "", "нет", "сообщение выпускника", "01.07.2026"],
    ]
    job = upload(as_user(college), "employment", xlsx(EMPLOYMENT, rows))
    assert job.status == "failed"
    assert job.result["errors"] == [
        "строка 3, ИНН работодателя: Укажите работодателя трудоустроенного выпускника."
    ]
    assert not EmploymentRecord.objects.filter(checkpoint_months=24).exists()


def test_it_finds_no_graduate_for_an_outsider(as_user, outsider, world, edu):
    rows = [["Борисов Борис", 24, "не трудоустроен", "", "", "сообщение выпускника", "01.07.2026"]]
    job = upload(as_user(outsider), "employment", xlsx(EMPLOYMENT, rows))
    assert job.result["errors"] == ["строка 2, Обучающийся: «Борисов Борис» не найдено"]


def contract_rows(world):
    inn = world.employer_a.inn
    return [
        ["Дмитриев Денис", "КМ-26", "ЦО-7", "10.09.2026", inn, "активный"],
        ["Андреева Анна", "", "ЦО-0", "10.09.2022", inn, "исполнен"],
    ]


def test_it_imports_targeted_contracts_and_changes_nothing_the_second_time(as_user, college, world, edu):
    client = as_user(college)
    job = imported(client, "targeted-contracts", CONTRACTS, contract_rows(world))
    assert job.result["counts"] == {"create": 1, "update": 0, "unchanged": 1}, job.result["errors"]
    contract = TargetedContract.objects.get(number="ЦО-7")
    assert (contract.student, contract.date) == (edu.students["e"], datetime.date(2026, 9, 10))
    history = TargetedContract.history.count()
    again = imported(client, "targeted-contracts", CONTRACTS, contract_rows(world))
    assert again.result["counts"] == {"create": 0, "update": 0, "unchanged": 2}
    assert TargetedContract.history.count() == history


def test_it_refuses_a_second_active_contract_of_a_student(as_user, college, world, edu):
    rows = [
        *contract_rows(world),
        ["Григорьева Галина", "", "ЦО-8", "11.09.2026", world.employer_a.inn, "активный"],
    ]
    job = upload(as_user(college), "targeted-contracts", xlsx(CONTRACTS, rows))
    assert job.status == "failed"
    assert job.result["errors"] == [
        "строка 4, Статус: У обучающегося уже есть действующий договор о целевом обучении."
    ]
    assert not TargetedContract.objects.filter(number="ЦО-7").exists()


def test_it_lets_an_employer_read_but_not_write_contracts(as_user, employer, world, edu):
    rows = [["Григорьева Галина", "", "ЦО-1", "10.09.2026", world.employer_a.inn, "расторгнут"]]
    job = upload(as_user(employer), "targeted-contracts", xlsx(CONTRACTS, rows))
    assert job.result["errors"] == ["строка 2: нет прав на изменение этой записи"]
    assert TargetedContract.objects.get(number="ЦО-1").status == "active"
