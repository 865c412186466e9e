"""Staff of the three Altai Krai clusters, their 2023 professional development plan (in person and remotely,
part of it completed) and the practitioners of АО «БТК групп» and Барнаульский ДСУ № 4 who teach at colleges.

Names, СНИЛС, document numbers and the providers' ИНН are demo values: check digits real, people invented.
"""

import datetime

from profcluster.clusters.models import Cluster
from profcluster.core.identifiers import inn_check_digits, snils_check_digits
from profcluster.core.seed import upsert
from profcluster.organisations.models import Organisation, Person
from profcluster.reference.models import Region
from profcluster.staff.models import Course, StaffMember, TeachingAssignment, TrainingRecord

BTK, DSU4, ACADEMY, POLYTECH, TRANSPORT = "2225010033", "2225010040", "2225010058", "2225010065", "2225010072"
LIGHT, MACHINE, ROADS = "ОПЦ лёгкой промышленности", "ОПЦ машиностроения", "ОПЦ транспортной отрасли"
CLUSTER_OF = {ACADEMY: LIGHT, POLYTECH: MACHINE, TRANSPORT: ROADS}

# Providers not in the organisations demo; ИНН bodies are invented, check digits real (demo numbers).
PROVIDERS = [
    # key, ИНН body, kind, short name, full name
    (
        "irpo",
        "770990101",
        Organisation.Kind.OTHER,
        "ФГБОУ ДПО ИРПО",
        "Федеральное государственное бюджетное образовательное учреждение дополнительного профессионального "
        "образования «Институт развития профессионального образования»",
    ),
    (
        "academy_mp",
        "770990102",
        Organisation.Kind.OTHER,
        "Академия Минпросвещения России",
        "Федеральное государственное автономное образовательное учреждение дополнительного профессионального "
        "образования «Академия реализации государственной политики и профессионального развития работников "
        "образования Министерства просвещения Российской Федерации»",
    ),
    (
        "airo",
        "222990103",
        Organisation.Kind.OTHER,
        "АИРО им. А. М. Топорова",
        "Краевое государственное бюджетное учреждение дополнительного профессионального образования "
        "«Алтайский институт развития образования имени Адриана Митрофановича Топорова»",
    ),
]

IN_PERSON, D, B = Course.Format.IN_PERSON, Course.Format.DISTANCE, Course.Format.BLENDED
UP, RE, IN = Course.Kind.UPSKILLING, Course.Kind.RETRAINING, Course.Kind.INTERNSHIP
COURSES = {
    # key: provider key or ИНН, title, kind, hours, format, topic
    "irpo72": (
        "irpo",
        "Современные технологии и методики преподавания в рамках федерального проекта «Профессионалитет»",
        UP,
        72,
        D,
        "Новые методики и технологии обучения",
    ),
    "mp72": (
        "academy_mp",
        "Наставничество в системе среднего профессионального образования",
        UP,
        72,
        D,
        "Наставничество",
    ),
    "airo36": (
        "airo",
        "Организация и проведение демонстрационного экзамена",
        UP,
        36,
        IN_PERSON,
        "Демонстрационный экзамен",
    ),
    "airo_mgmt": (
        "airo",
        "Управление образовательной организацией в условиях образовательно-производственного центра",
        UP,
        36,
        B,
        "Управленческие кадры",
    ),
    "airo_retrain": (
        "airo",
        "Педагогика профессионального обучения",
        RE,
        256,
        D,
        "Переподготовка мастеров без педагогического образования",
    ),
    "btk": (
        BTK,
        "Стажировка: современное швейное производство АО «БТК групп»",
        IN,
        36,
        IN_PERSON,
        "Технологии швейного производства",
    ),
    "dsu": (
        DSU4,
        "Стажировка: технологии строительства и содержания автомобильных дорог",
        IN,
        40,
        IN_PERSON,
        "Дорожное строительство",
    ),
}

T, M, G, P, X = (
    StaffMember.Category.TEACHER,
    StaffMember.Category.MASTER,
    StaffMember.Category.MANAGER,
    StaffMember.Category.PRACTITIONER,
    StaffMember.Category.METHODOLOGIST,
)

PROGRAMMES = {
    "29.02.10": "29.02.10 Конструирование, моделирование и технология изготовления изделий лёгкой "
    "промышленности",
    "29.01.33": "29.01.33 Мастер по изготовлению швейных изделий",
    "43.02.15": "43.02.15 Поварское и кондитерское дело",
    "15.02.16": "15.02.16 Технология машиностроения",
    "15.01.32": "15.01.32 Оператор станков с программным управлением",
    "15.01.05": "15.01.05 Сварщик (ручной и частично механизированной сварки (наплавки))",
    "08.02.05": "08.02.05 Строительство и эксплуатация автомобильных дорог и аэродромов",
    "23.02.07": "23.02.07 Техническое обслуживание и ремонт автотранспортных средств",
    "23.01.17": "23.01.17 Мастер по ремонту и обслуживанию автомобилей",
}
POSITIONS = {
    "dir": "Директор",
    "dep": "Заместитель директора по учебной работе",
    "dpw": "Заместитель директора по учебно-производственной работе",
    "tch": "Преподаватель",
    "mst": "Мастер производственного обучения",
    "met": "Методист",
}

STAFF = [
    # organisation, "Surname Name Patronymic", position, category, host college, programme, records
    # a record: "course start end status"
    (ACADEMY, "Кузнецова Ольга Викторовна", "dir", G, None, "",
     ["airo_mgmt 2023-03-13 2023-03-17 completed"]),
    (ACADEMY, "Белоусова Марина Сергеевна", "dep", G, None, "",
     ["airo_mgmt 2023-03-13 2023-03-17 completed", "mp72 2026-11-09 2026-12-18 in_progress"]),
    (ACADEMY, "Шишкина Татьяна Николаевна", "tch", T, None, "29.02.10",
     ["irpo72 2023-09-04 2023-10-13 completed", "btk 2023-06-19 2023-06-23 completed"]),
    (ACADEMY, "Гаврилова Елена Андреевна", "tch", T, None, "29.01.33",
     ["irpo72 2023-09-04 2023-10-13 completed", "airo36 2026-03-16 2026-03-20 completed"]),
    (ACADEMY, "Лаптева Ирина Петровна", "tch", T, None, "43.02.15",
     ["irpo72 2023-11-20 2023-12-22 failed", "irpo72 2026-12-07 2027-01-29 planned"]),
    (ACADEMY, "Осипова Наталья Геннадьевна", "mst", M, None, "29.01.33",
     ["btk 2023-06-19 2023-06-23 completed", "airo36 2023-12-04 2023-12-08 completed"]),
    (ACADEMY, "Фролова Светлана Игоревна", "mst", M, None, "29.01.33",
     ["airo_retrain 2026-09-01 2027-01-29 in_progress"]),
    (ACADEMY, "Зайцева Анна Олеговна", "met", X, None, "", ["mp72 2023-04-03 2023-05-12 completed"]),
    (POLYTECH, "Павловская Инна", "dir", G, None, "", ["airo_mgmt 2023-03-13 2023-03-17 completed"]),
    (POLYTECH, "Ермаков Дмитрий Владимирович", "dpw", G, None, "",
     ["airo_mgmt 2023-10-16 2023-10-20 planned"]),
    (POLYTECH, "Соколов Андрей Михайлович", "tch", T, None, "15.02.16",
     ["irpo72 2023-09-04 2023-10-13 completed", "airo36 2025-11-24 2025-11-28 completed"]),
    (POLYTECH, "Никитина Людмила Алексеевна", "tch", T, None, "15.02.16",
     ["irpo72 2023-09-04 2023-10-13 completed", "mp72 2025-10-06 2025-11-14 completed"]),
    (POLYTECH, "Тарасов Виктор Евгеньевич", "tch", T, None, "15.01.32", []),
    (POLYTECH, "Григорьев Сергей Павлович", "mst", M, None, "15.01.32",
     ["airo_retrain 2023-01-16 2023-05-31 completed"]),
    (POLYTECH, "Морозов Алексей Юрьевич", "mst", M, None, "15.01.05",
     ["airo36 2023-12-04 2023-12-08 planned"]),
    (TRANSPORT, "Андреева Елена", "dir", G, None, "", ["airo_mgmt 2023-03-13 2023-03-17 completed"]),
    (TRANSPORT, "Волков Игорь Анатольевич", "dep", G, None, "",
     ["airo_mgmt 2023-03-13 2023-03-17 completed"]),
    (TRANSPORT, "Лебедева Оксана Валерьевна", "tch", T, None, "08.02.05",
     ["irpo72 2023-09-04 2023-10-13 completed", "dsu 2023-07-03 2023-07-07 completed",
      "irpo72 2026-09-07 2026-10-16 completed"]),
    (TRANSPORT, "Семёнов Павел Константинович", "tch", T, None, "23.02.07",
     ["mp72 2023-10-02 2023-11-10 completed"]),
    (TRANSPORT, "Кравченко Юлия Сергеевна", "tch", T, None, "23.02.07", []),
    (TRANSPORT, "Попов Николай Иванович", "mst", M, None, "23.01.17",
     ["dsu 2023-07-03 2023-07-07 completed", "airo36 2023-12-04 2023-12-08 completed"]),
    (TRANSPORT, "Рябов Константин Олегович", "mst", M, None, "23.01.17",
     ["dsu 2023-07-03 2023-07-07 failed"]),
    (BTK, "Ковалёва Галина Михайловна", "Главный технолог", P, ACADEMY, "29.02.10",
     ["mp72 2023-04-03 2023-05-12 completed"]),
    (BTK, "Субботин Роман Александрович", "Начальник швейного цеха", P, ACADEMY, "29.01.33", []),
    (DSU4, "Данилин Николай", "dir", P, TRANSPORT, "08.02.05", []),
    (DSU4, "Мельников Евгений Борисович", "Мастер участка", P, TRANSPORT, "08.02.05",
     ["mp72 2023-10-02 2023-11-10 completed"]),
]  # fmt: skip

TEACHING = [
    # practitioner, programme, discipline or practice, kind, academic year, semester, planned, delivered hours
    ("Ковалёва", "29.02.10", "МДК.01.01 Художественное оформление изделий", "discipline", 2022, 2, 36, 36),
    ("Ковалёва", "29.02.10", "ПМ.02 Конструирование швейных изделий", "discipline", 2023, 1, 48, 44),
    ("Субботин", "29.01.33", "Производственная практика ПП.01", "practice", 2023, 1, 144, 144),
    ("Субботин", "29.01.33", "Демонстрационный экзамен", "demo_exam", 2022, 2, 12, 12),
    ("Данилин", "08.02.05", "МДК.02.01 Строительство автомобильных дорог", "discipline", 2023, 1, 24, 18),
    ("Мельников", "08.02.05", "Учебная практика УП.02", "practice", 2022, 2, 72, 72),
    ("Мельников", "08.02.05", "Производственная практика ПП.02", "practice", 2023, 1, 108, 96),
    ("Ковалёва", "29.02.10", "ПМ.02 Конструирование швейных изделий", "discipline", 2025, 2, 48, 48),
    ("Субботин", "29.01.33", "Производственная практика ПП.01", "practice", 2026, 1, 144, 72),
    ("Мельников", "08.02.05", "Производственная практика ПП.02", "practice", 2025, 2, 108, 108),
    ("Данилин", "08.02.05", "МДК.02.01 Строительство автомобильных дорог", "discipline", 2026, 1, 24, 8),
]  # fmt: skip

DOCUMENT_KINDS = {
    UP: TrainingRecord.DocumentKind.CERTIFICATE,
    RE: TrainingRecord.DocumentKind.DIPLOMA,
    IN: TrainingRecord.DocumentKind.INTERNSHIP,
}


def _inn(body: str) -> str:
    return body + inn_check_digits(body)


def _snils(number: int) -> str:
    body = f"{number:09d}"
    return body + snils_check_digits(body)


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def load(out) -> None:
    organisations = {
        inn: Organisation.objects.get(inn=inn) for inn in (BTK, DSU4, ACADEMY, POLYTECH, TRANSPORT)
    }
    for key, body, kind, short_name, full_name in PROVIDERS:
        inn = _inn(body)
        organisations[key], _changed = upsert(
            Organisation,
            {"inn": inn},
            {
                "kind": kind,
                "short_name": short_name,
                "full_name": full_name,
                "region": Region.objects.get(code=inn[:2]),
            },
        )
    clusters = {
        c.name: c for c in Cluster.objects.filter(region__code="22", name__in=[LIGHT, MACHINE, ROADS])
    }

    courses = {}
    for key, (provider, title, kind, hours, form, topic) in COURSES.items():
        provider = organisations[provider]
        courses[key], _changed = upsert(
            Course,
            {"provider": provider, "title": title, "kind": kind, "hours": hours, "format": form},
            # Employers keep their own internships in the catalogue; the institutes' entries are the admins'.
            {"topic": topic, "registered_by": provider if kind == IN else None},
        )

    members = {}
    for index, (inn, full_name, position, category, host, programme, records) in enumerate(STAFF):
        organisation = organisations[inn]
        surname, name, *patronymic = full_name.split()
        person, _changed = upsert(
            Person,
            {"organisation": organisation, "surname": surname, "name": name},
            {
                "patronymic": " ".join(patronymic),
                "position": POSITIONS.get(position, position),
                "email": f"staff{index + 1:02d}@example.ru",
                "phone": f"+7 3852 50-{index + 10:02d}-{index + 31:02d}",
                "snils": _snils(123_450_000 + index * 1_117),
            },
        )
        cluster = clusters[CLUSTER_OF[host or inn]]
        member, _changed = upsert(
            StaffMember,
            {"person": person, "category": category},
            {
                "organisation": organisation,
                "host_organisation": organisations[host] if host else None,
                "programmes": PROGRAMMES.get(programme, ""),
                "employment": StaffMember.Employment.CONTRACT if host else StaffMember.Employment.STAFF,
                "date_from": datetime.date(2015 + index % 7, 9, 1),
            },
        )
        if list(member.clusters.values_list("pk", flat=True)) != [cluster.pk]:
            member.clusters.set([cluster])
        members[surname] = member
        for number, record in enumerate(records, start=1):
            course_key, start, end, status = record.split()
            course = courses[course_key]
            issued = status == TrainingRecord.Status.COMPLETED
            upsert(
                TrainingRecord,
                {"staff_member": member, "course": course, "date_from": _day(start)},
                {
                    "date_to": _day(end),
                    "status": status,
                    "document_kind": DOCUMENT_KINDS[course.kind] if issued else "",
                    "document_series": "22" if issued else "",
                    "document_number": f"{2200000 + index * 10 + number:07d}" if issued else "",
                    "document_date": _day(end) if issued else None,
                },
            )

    for surname, programme, discipline, kind, year, semester, planned_hours, delivered in TEACHING:
        practitioner = members[surname]
        upsert(
            TeachingAssignment,
            {
                "practitioner": practitioner,
                "cluster": practitioner.clusters.get(),
                "discipline": discipline,
                "academic_year": year,
                "semester": semester,
            },
            {
                "programme": PROGRAMMES[programme],
                "kind": kind,
                "planned_hours": planned_hours,
                "delivered_hours": delivered,
            },
        )
