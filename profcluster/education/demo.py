"""Programmes, groups and students of the three Altai Krai clusters, generated deterministically.

The seed names the colleges and employers but no students, so students are invented from fixed lists of names
with random.Random(2022): every run generates the same people, and a group that already has students is left
alone, so a second run creates nothing. The data describe the state as of AS_OF.
"""

import datetime
import random
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from profcluster.clusters.models import Cluster
from profcluster.core.identifiers import snils_check_digits
from profcluster.core.seed import DEMO_REASON, upsert
from profcluster.education.models import (
    Confirmation,
    DemoExam,
    EducationalProgramme,
    EmploymentRecord,
    Group,
    Placement,
    Student,
    TargetedContract,
    add_months,
)
from profcluster.organisations.models import Organisation, Person

AS_OF = datetime.date(2026, 11, 1)
ACADEMY, POLYTECH, TRANSPORT_COLLEGE = "2225010058", "2225010065", "2225010072"
BTK, DSU4 = "2225010033", "2225010040"
LIGHT, MACHINE, TRANSPORT = "ОПЦ лёгкой промышленности", "ОПЦ машиностроения", "ОПЦ транспортной отрасли"

PROGRAMMES = [
    # cluster, college, code, qualification, (standard y, m), (actual y, m), practice %, first intake,
    # group prefix, intakes, employer for practice, share of women
    (LIGHT, ACADEMY, "29.02.10", "Конструктор-модельер", (3, 10), (2, 10), "52.00", 2022, "КМ", BTK, 0.9),
    (LIGHT, ACADEMY, "29.01.33", "Швея; портной", (2, 10), (1, 10), "60.00", 2024, "ШИ", BTK, 0.9),
    (MACHINE, POLYTECH, "15.02.16", "Техник-технолог", (3, 10), (2, 10), "50.00", 2023, "ТМ", DSU4, 0.15),
    (
        MACHINE,
        POLYTECH,
        "15.01.05",
        "Сварщик ручной дуговой сварки",
        (2, 10),
        (2, 10),
        "55.00",
        2023,
        "СВ",
        DSU4,
        0.0,
    ),
    (
        MACHINE,
        POLYTECH,
        "15.01.32",
        "Оператор станков с ПУ",
        (2, 10),
        (2, 10),
        "55.00",
        2024,
        "ОС",
        DSU4,
        0.1,
    ),
    (
        TRANSPORT,
        TRANSPORT_COLLEGE,
        "23.02.07",
        "Специалист",
        (3, 10),
        (2, 10),
        "50.00",
        2023,
        "АТ",
        DSU4,
        0.05,
    ),
    (
        TRANSPORT,
        TRANSPORT_COLLEGE,
        "23.02.04",
        "Техник-механик",
        (3, 10),
        (2, 10),
        "50.00",
        2023,
        "ДМ",
        DSU4,
        0.05,
    ),
    (
        TRANSPORT,
        TRANSPORT_COLLEGE,
        "23.01.17",
        "Слесарь по ремонту автомобилей",
        (2, 10),
        (2, 10),
        "55.00",
        2024,
        "МА",
        DSU4,
        0.0,
    ),
]
LAST_INTAKE = 2026

MENTORS = [
    (BTK, "Соколова", "Марина", "Мастер швейного цеха"),
    (BTK, "Лебедева", "Ольга", "Главный технолог"),
    (DSU4, "Кузнецов", "Андрей", "Главный механик"),
    (DSU4, "Данилин", "Николай", "Директор"),
]

MALE = {
    "surnames": [
        "Иванов",
        "Смирнов",
        "Кузнецов",
        "Попов",
        "Васильев",
        "Петров",
        "Соколов",
        "Михайлов",
        "Новиков",
        "Фёдоров",
        "Морозов",
        "Волков",
        "Алексеев",
        "Лебедев",
        "Семёнов",
        "Егоров",
        "Павлов",
        "Козлов",
        "Степанов",
        "Николаев",
        "Орлов",
        "Андреев",
        "Макаров",
        "Никитин",
        "Захаров",
        "Зайцев",
        "Соловьёв",
        "Борисов",
        "Яковлев",
        "Григорьев",
        "Романов",
        "Воробьёв",
        "Сергеев",
        "Кудрявцев",
        "Белов",
        "Тарасов",
    ],
    "names": [
        "Александр",
        "Дмитрий",
        "Максим",
        "Сергей",
        "Андрей",
        "Алексей",
        "Артём",
        "Илья",
        "Кирилл",
        "Михаил",
        "Никита",
        "Матвей",
        "Роман",
        "Егор",
        "Арсений",
        "Иван",
        "Денис",
        "Евгений",
        "Тимофей",
        "Владислав",
    ],
}
FEMALE = {
    "surnames": [s + "а" if not s.endswith("ий") else s[:-2] + "ая" for s in MALE["surnames"]],
    "names": [
        "Анастасия",
        "Мария",
        "Анна",
        "Виктория",
        "Екатерина",
        "Наталья",
        "Дарья",
        "Алина",
        "Полина",
        "Елизавета",
        "Ксения",
        "Софья",
        "Валерия",
        "Ольга",
        "Юлия",
        "Татьяна",
        "Вероника",
        "Арина",
        "Милана",
        "Кристина",
    ],
}
FATHERS = [
    "Александр",
    "Сергей",
    "Андрей",
    "Владимир",
    "Алексей",
    "Дмитрий",
    "Николай",
    "Игорь",
    "Евгений",
    "Михаил",
    "Виктор",
    "Олег",
    "Юрий",
    "Павел",
    "Иван",
    "Роман",
]


def _patronymic(father: str, female: bool) -> str:
    irregular = {"Николай": "Николаев", "Игорь": "Игорев", "Евгений": "Евгеньев", "Юрий": "Юрьев"}
    irregular.update({"Михаил": "Михайлов", "Павел": "Павлов"})
    stem = irregular.get(father)
    stem = stem or (father[:-1] + "ев" if father.endswith("й") else father + "ов")
    return stem + ("на" if female else "ич")


def load(out) -> None:
    rng = random.Random(2022)
    organisations = {
        o.inn: o
        for o in Organisation.objects.filter(inn__in=[ACADEMY, POLYTECH, TRANSPORT_COLLEGE, BTK, DSU4])
    }
    clusters = {
        c.name: c for c in Cluster.objects.filter(region__code="22", name__in=[LIGHT, MACHINE, TRANSPORT])
    }
    mentors = {}
    for inn, surname, name, position in MENTORS:
        person, _changed = upsert(
            Person,
            {"organisation": organisations[inn], "surname": surname, "name": name},
            {"position": position},
        )
        mentors.setdefault(inn, []).append(person)
    serial = 0
    created = 0
    for row in PROGRAMMES:
        (
            cluster_name,
            college,
            code,
            qualification,
            standard,
            actual,
            practice,
            first,
            prefix,
            employer_inn,
            women,
        ) = row
        programme, changed = upsert(
            EducationalProgramme,
            {
                "college": organisations[college],
                "cluster": clusters[cluster_name],
                "code": code,
                "form": "full_time",
            },
            {
                "admission_base": 9,
                "qualification": qualification,
                "start_year": first,
                "standard_years": standard[0],
                "standard_months": standard[1],
                "actual_years": actual[0],
                "actual_months": actual[1],
                "shortened": actual < standard,
                "practice_share": Decimal(practice),
            },
        )
        employer = organisations[employer_inn]
        if changed:
            programme.partners.add(employer)
        for year in range(first, LAST_INTAKE + 1):
            group, _changed = upsert(
                Group,
                {"programme": programme, "name": f"{prefix}-{year % 100}"},
                {"intake_year": year, "planned_intake": 25},
            )
            people = _people(rng, group, women, serial)
            serial += len(people)
            if Student.objects.filter(group=group).exists():
                _consume(rng, people, group)  # keep the sequence identical for the groups after this one
                continue
            for person in people:
                person.full_clean()
            students = bulk_create_with_history(people, Student, default_change_reason=DEMO_REASON)
            created += len(students)
            _records(rng, group, students, employer, mentors[employer_inn])
    if created:
        out.write(f"Education: {created} students.\n")


def _people(rng, group, women: float, serial: int) -> list[Student]:
    graduation = group.graduation_date
    graduated = graduation <= AS_OF
    enrolled = datetime.date(group.intake_year, 9, 1)
    people = []
    for index in range(rng.randint(18, 26)):
        female = rng.random() < women
        names = FEMALE if female else MALE
        body = f"{150000000 + (serial + index) * 1013:09d}"
        status, since = Student.Status.STUDYING, enrolled
        roll = rng.random()
        if roll < 0.06:
            status, since = Student.Status.EXPELLED, add_months(enrolled, rng.randint(3, 14))
        elif graduated:
            status, since = Student.Status.GRADUATED, graduation - datetime.timedelta(days=1)
        elif roll < 0.09:
            status, since = Student.Status.ACADEMIC_LEAVE, add_months(enrolled, rng.randint(6, 12))
        if since > AS_OF:
            status, since = Student.Status.STUDYING, enrolled
        people.append(
            Student(
                surname=rng.choice(names["surnames"]),
                name=rng.choice(names["names"]),
                patronymic=_patronymic(rng.choice(FATHERS), female),
                birth_date=datetime.date(group.intake_year - 15, 1, 1)
                + datetime.timedelta(days=rng.randint(0, 364)),
                snils=(body + snils_check_digits(body)) if rng.random() < 0.9 else "",
                group=group,
                enrolled_on=enrolled,
                status=status,
                status_since=since,
            )
        )
    return people


def _consume(rng, people, group) -> None:
    """Draw what _records would have drawn, so that later groups get the same data on every run."""
    for _student in people:
        rng.random(), rng.random(), rng.random(), rng.random(), rng.random()


def _records(rng, group, students, employer, mentors) -> None:
    """Placements, contracts, exam results and employment of a newly created group."""
    programme = group.programme
    start = datetime.date(group.intake_year, 9, 1)
    placements = []
    years_done = min((AS_OF - start).days // 365 + 1, programme.actual_duration_months // 12 + 1)
    for year in range(years_done):
        date_from = datetime.date(group.intake_year + year + 1, 5, 12)
        if date_from > AS_OF or date_from > group.graduation_date - datetime.timedelta(days=70):
            continue  # not yet, or the time of the pre-diploma practice
        kind = Placement.Kind.EDUCATIONAL if year == 0 else Placement.Kind.INDUSTRIAL
        weeks = 2 if year == 0 else 4
        confirmation = Confirmation.CONFIRMED
        comment = ""
        if group.name == "ТМ-24" and year == 1:
            # The one disputed placement of the demo: the employer's records show half the time.
            confirmation, comment = (
                Confirmation.DISPUTED,
                "По нашим данным практика длилась две недели, а не четыре.",
            )
        elif date_from.year == AS_OF.year:
            confirmation = Confirmation.PENDING
        placements.append(
            Placement(
                group=group,
                employer=employer,
                kind=kind,
                date_from=date_from,
                date_to=date_from + datetime.timedelta(days=7 * weeks - 3),
                hours=36 * weeks,
                mentor=mentors[year % len(mentors)],
                confirmation=confirmation,
                confirmation_comment=comment,
            )
        )
    graduates = [s for s in students if s.status == Student.Status.GRADUATED]
    contracts, exams, employment = [], [], []
    for index, student in enumerate(students):
        contract, exam_roll, score_roll, job_roll, speciality_roll = (rng.random() for _ in range(5))
        if contract < 0.25 and student.status != Student.Status.EXPELLED:
            contracts.append(
                TargetedContract(
                    student=student,
                    employer=employer,
                    number=f"ЦО-{group.intake_year}-{student.pk}",
                    date=datetime.date(group.intake_year, 10, 1),
                    status=TargetedContract.Status.FULFILLED
                    if student in graduates
                    else TargetedContract.Status.ACTIVE,
                )
            )
        if student not in graduates:
            continue
        graduation = student.status_since
        placements.append(
            Placement(
                group=group,
                student=student,
                employer=employer,
                kind=Placement.Kind.PRE_DIPLOMA,
                date_from=graduation - datetime.timedelta(days=55),
                date_to=graduation - datetime.timedelta(days=28),
                hours=144,
                mentor=mentors[index % len(mentors)],
                confirmation=Confirmation.CONFIRMED,
            )
        )
        score = Decimal(40 + int(score_roll * 58))
        exams.append(
            DemoExam(
                student=student,
                level=DemoExam.Level.PROFILE if programme.kind == "speciality" else DemoExam.Level.BASIC,
                date=graduation - datetime.timedelta(days=20),
                score=score,
                passed=score >= 50 and exam_roll < 0.97,
            )
        )
        checkpoint = add_months(graduation, 12)
        if checkpoint > AS_OF:
            continue
        status, where, by_speciality = EmploymentRecord.Status.EMPLOYED, employer, speciality_roll < 0.8
        source = EmploymentRecord.Source.EMPLOYER
        if job_roll > 0.9:
            status, where, by_speciality = EmploymentRecord.Status.NOT_EMPLOYED, None, False
            source = EmploymentRecord.Source.SELF_REPORT
        elif job_roll > 0.8:
            status, where, by_speciality = EmploymentRecord.Status.PARENTAL_LEAVE, None, False
            source = EmploymentRecord.Source.SELF_REPORT
        elif job_roll > 0.7:
            status, where, by_speciality = EmploymentRecord.Status.STUDYING, None, False
            source = EmploymentRecord.Source.REGISTRY
        elif job_roll > 0.6:
            status, where = EmploymentRecord.Status.SELF_EMPLOYED, None
            source = EmploymentRecord.Source.REGISTRY
        elif job_roll > 0.45:
            # Hired outside the cluster: by the derived rule this is not a job at a partner.
            where = Organisation.objects.get(inn=DSU4 if employer.inn == BTK else BTK)
            source = EmploymentRecord.Source.REGISTRY
        employment.append(
            EmploymentRecord(
                student=student,
                checkpoint_months=12,
                status=status,
                employer=where,
                by_speciality=by_speciality,
                source=source,
                fact_date=checkpoint,
            )
        )
    for model, rows in (
        (Placement, placements),
        (TargetedContract, contracts),
        (DemoExam, exams),
        (EmploymentRecord, employment),
    ):
        for row in rows:
            row.full_clean()
        bulk_create_with_history(rows, model, default_change_reason=DEMO_REASON)
