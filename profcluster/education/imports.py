"""Importable registers of this app: groups, students (the college's contingent list), demonstration exam
results, practice placements, employment records and targeted-training contracts.

A student is found by СНИЛС when the row gives one, else by group, surname, first name, patronymic and date of
birth; a student found by name whose СНИЛС is another is another student. The records of a student (exam
results, placements, employment, contracts) name their student by СНИЛС or by the full name, with the group
when two students of the college share a name. A group names its programme by the college's ИНН and the ФГОС
code. Placements are saved through `placement_save`, which asks the employer again when confirmed facts
change.
"""

import re
from collections import defaultdict

from django.db.models import F, Value
from django.db.models.functions import Concat, Trim, Upper
from django.utils.translation import gettext_lazy

from profcluster.core.importer import (
    Column,
    ImportSpec,
    Lookup,
    among,
    choice,
    day,
    decimal,
    digits,
    folded,
    integer,
    related,
    text,
    texts_in,
)
from profcluster.core.permissions import VIEW
from profcluster.education.models import (
    DemoExam,
    EducationalProgramme,
    EmploymentRecord,
    Group,
    Placement,
    Student,
    TargetedContract,
)
from profcluster.education.services import placement_save
from profcluster.organisations.models import Organisation

YES_NO = [(True, gettext_lazy("yes")), (False, gettext_lazy("no"))]


def find_student(user, student, group):
    """The student of an exam sheet: by СНИЛС in any spelling, else by full name, within the group if any (a
    group's name, or the group a row of the register has found)."""
    students = Student.objects.restrict(user, VIEW)
    if isinstance(group, Group):
        students = students.filter(group=group)
    elif group:
        students = students.filter(group__name__iexact=group)
    number = re.sub(r"[\s-]", "", student)
    if number.isdigit():
        return students.filter(snils=number)
    full = Trim(Concat("surname", Value(" "), "name", Value(" "), "patronymic"))
    return students.annotate(full=full).filter(full__iexact=" ".join(student.split()))


def find_students(user, combinations):
    """`find_student` for a chunk of rows: a query for those named by СНИЛС, one for those named within a
    group the row found, one within a group the row names and one without a group (as many as the chunk
    needs), and one that upper-cases the names as `iexact` does."""
    full = Upper(Trim(Concat("surname", Value(" "), "name", Value(" "), "patronymic")))
    students = Student.objects.restrict(user, VIEW).annotate(key=full, group_key=Upper("group__name"))
    numbers, names = {}, {}
    for combination in combinations:
        number = re.sub(r"[\s-]", "", combination[0])
        if number.isdigit():
            numbers[combination] = number
        else:
            names[combination] = " ".join(combination[0].split())
    group_names = {group for _student, group in combinations if isinstance(group, str) and group}
    upper = folded([*names.values(), *group_names], students.db)
    in_groups, in_named_groups, anywhere = set(), set(), set()
    for (_student, group), name in names.items():
        if isinstance(group, Group):
            in_groups.add((group.pk, upper[name]))
        elif group:
            in_named_groups.add((upper[group], upper[name]))
        else:
            anywhere.add(upper[name])
    queries = []
    if numbers:
        snils = texts_in(set(numbers.values()), students.db)
        queries.append(students.filter(snils__in=snils).exclude(snils=""))  # the index of СНИЛС is partial
    if in_groups:
        queryset = students.filter(group__in={pk for pk, _name in in_groups})
        queries.append(among(queryset, ("group_id", "key"), in_groups))
    if in_named_groups:
        groups = Group.objects.annotate(key=Upper("name"))
        groups = groups.filter(key__in=texts_in({group for group, _name in in_named_groups}, groups.db))
        queryset = students.filter(group__in=groups.values("pk"))
        queries.append(among(queryset, ("group_key", "key"), in_named_groups))
    if anywhere:
        queries.append(students.filter(key__in=texts_in(anywhere, students.db)))
    by_snils, by_name = defaultdict(list), defaultdict(list)
    for found in {record.pk: record for query in queries for record in query.order_by()}.values():
        by_snils[found.snils].append(found)
        by_name[found.key].append(found)
    answer = {}
    for combination in combinations:
        group = combination[1]
        if combination in numbers:
            candidates = by_snils[numbers[combination]]
        else:
            candidates = by_name[upper[names[combination]]]
        if isinstance(group, Group):
            candidates = [found for found in candidates if found.group_id == group.pk]
        elif group:
            candidates = [found for found in candidates if found.group_key == upper[group]]
        answer[combination] = candidates
    return answer


def find_programme(user, college, code):
    """A group's programme: the college by ИНН and the ФГОС code ("15.02.16 Технология …" gives its code)."""
    inn = re.sub(r"[\s-]", "", college)
    programmes = EducationalProgramme.objects.restrict(user, VIEW).filter(college__inn=inn)
    return programmes.filter(code=(code.split() or [""])[0])


def find_programmes(user, combinations):
    """`find_programme` for a chunk of rows, in one query."""
    keys = {
        (college, code): (re.sub(r"[\s-]", "", college), (code.split() or [""])[0])
        for college, code in combinations
    }
    programmes = EducationalProgramme.objects.restrict(user, VIEW).annotate(inn=F("college__inn"))
    programmes = among(programmes, ("inn", "code"), set(keys.values()))
    found = defaultdict(list)
    for programme in programmes.order_by():
        found[programme.inn, programme.code].append(programme)
    return {combination: found[keys[combination]] for combination in combinations}


def yes_no(value) -> bool:
    """Yes or no; an empty cell is no, the model's default."""
    return choice(YES_NO)(value) or False


def save_placement(placement, values, user):
    # Through the service: a changed placement that the employer confirmed or disputed goes back to it.
    placement_save(placement=placement, change_reason=placement._change_reason)


def student_cells(help_text=None):
    """The cells that name a student in the records of a student: СНИЛС or ФИО, and the group if needed."""
    return (
        Column(
            "student",
            "Обучающийся",
            text,
            ("студент", "выпускник", "снилс", "фио", "student", "graduate"),
            required=True,
            example="112-233-445 95",
            help=help_text or gettext_lazy("The student's SNILS, or the full name."),
        ),
        Column(
            "group",
            "Группа",
            text,
            ("учебная группа", "group"),
            example="КМ-22",
            help=gettext_lazy("Needed only when two students of the list share a name."),
        ),
    )


def employer_column(required=True):
    return Column(
        "employer",
        "ИНН работодателя",
        related(lambda user: Organisation.objects.restrict(user, VIEW), "inn"),
        ("работодатель", "инн", "инн организации", "employer", "employer inn"),
        required=required,
        example="2225010026",
        help=gettext_lazy("The employer's INN as in the register of organisations."),
    )


SPECS = [
    ImportSpec(
        slug="students",
        title=gettext_lazy("Students"),
        model=Student,
        keys=(("snils",), ("group", "surname", "name", "patronymic", "birth_date")),
        write_behind=True,  # its cells find groups, never students: see ImportSpec.write_behind
        columns=[
            Column(
                "group",
                "Группа",
                related(lambda user: Group.objects.restrict(user, VIEW), "name__iexact"),
                ("учебная группа", "group"),
                required=True,
                example="КМ-22",
                help=gettext_lazy("The name of the group as in the register of groups."),
            ),
            Column("surname", "Фамилия", text, ("surname",), required=True, example="Андреева"),
            Column("name", "Имя", text, ("name",), required=True, example="Анна"),
            Column("patronymic", "Отчество", text, ("patronymic",), example="Сергеевна"),
            Column(
                "birth_date",
                "Дата рождения",
                day,
                ("birth date",),
                required=True,
                example="01.03.2007",
            ),
            Column("snils", "СНИЛС", digits((11,), "СНИЛС"), ("snils",), example="11223344595"),
            Column(
                "enrolled_on",
                "Дата зачисления",
                day,
                ("зачислен", "enrolled on"),
                required=True,
                example="01.09.2022",
            ),
            Column(
                "status",
                "Статус",
                choice(Student.Status.choices),
                ("status",),
                example="обучается",
                help=gettext_lazy("studying, academic leave, expelled or graduated"),
            ),
            Column(
                "status_since",
                "Статус с",
                day,
                ("дата статуса", "status since"),
                required=True,
                example="01.09.2022",
                help=gettext_lazy("For a graduate, the graduation date."),
            ),
        ],
    ),
    ImportSpec(
        slug="demo-exams",
        title=gettext_lazy("Demonstration exam results"),
        model=DemoExam,
        key=("student", "level", "date"),
        lookups=[
            Lookup(
                "student",
                cells=(
                    Column(
                        "student",
                        "Обучающийся",
                        text,
                        ("студент", "снилс", "фио", "student"),
                        required=True,
                        example="112-233-445 95",
                        help=gettext_lazy("The student's SNILS, or the full name."),
                    ),
                    Column(
                        "group",
                        "Группа",
                        text,
                        ("учебная группа", "group"),
                        example="КМ-22",
                        help=gettext_lazy("Needed only when two students of the list share a name."),
                    ),
                ),
                find=find_student,
                find_many=find_students,
                required=True,
            )
        ],
        columns=[
            Column(
                "level",
                "Уровень",
                choice(DemoExam.Level.choices),
                ("уровень дэ", "level"),
                required=True,
                example="профильный уровень",
            ),
            Column("date", "Дата", day, ("дата экзамена", "date"), required=True, example="10.06.2025"),
            Column("score", "Балл", decimal, ("баллы", "score"), required=True, example="80,00"),
            Column(
                "passed",
                "Сдан",
                choice(YES_NO),
                ("результат", "passed"),
                required=True,
                example="да",
                help=gettext_lazy("yes or no"),
            ),
        ],
    ),
    ImportSpec(
        slug="groups",
        title=gettext_lazy("Groups"),
        model=Group,
        key=("programme", "name"),
        lookups=[
            Lookup(
                "programme",
                cells=(
                    Column(
                        "college",
                        "ИНН колледжа",
                        text,
                        ("колледж", "инн", "college", "college inn"),
                        required=True,
                        example="2225010019",
                        help=gettext_lazy("The INN of the college that runs the programme."),
                    ),
                    Column(
                        "code",
                        "Код ФГОС",
                        text,
                        ("код", "код специальности", "код профессии", "специальность", "fgos code", "code"),
                        required=True,
                        example="15.02.16",
                        help=gettext_lazy("The FGOS SPO code of the programme, e.g. 15.02.16."),
                    ),
                ),
                find=find_programme,
                find_many=find_programmes,
                required=True,
            )
        ],
        columns=[
            Column(
                "name",
                "Группа",
                text,
                ("название группы", "учебная группа", "group", "name"),
                required=True,
                example="ТМ-24",
            ),
            Column(
                "intake_year",
                "Год набора",
                integer,
                ("год приёма", "год поступления", "intake year"),
                required=True,
                example="2024",
            ),
            Column(
                "planned_intake",
                "План приёма",
                integer,
                ("плановый набор", "план набора", "planned intake"),
                required=True,
                example="25",
                help=gettext_lazy("How many students the group was planned for."),
            ),
        ],
    ),
    ImportSpec(
        slug="placements",
        title=gettext_lazy("Practice placements"),
        model=Placement,
        key=("group", "student", "employer", "kind", "date_from"),
        empty_in_key=("student",),
        save=save_placement,
        lookups=[
            Lookup(
                "student",
                cells=(
                    Column(
                        "student",
                        "Обучающийся",
                        text,
                        ("студент", "снилс", "фио", "student"),
                        example="112-233-445 95",
                        help=gettext_lazy("The student's SNILS or full name; empty for the whole group."),
                    ),
                    "group",
                ),
                find=find_student,
                find_many=find_students,
            )
        ],
        columns=[
            Column(
                "group",
                "Группа",
                related(lambda user: Group.objects.restrict(user, VIEW), "name__iexact"),
                ("учебная группа", "group"),
                required=True,
                example="КМ-22",
            ),
            employer_column(),
            Column(
                "kind",
                "Вид практики",
                choice(Placement.Kind.choices),
                ("вид", "практика", "kind"),
                required=True,
                example="производственная практика",
                help=gettext_lazy("educational, industrial or pre-diploma practice"),
            ),
            Column(
                "date_from",
                "Дата начала",
                day,
                ("с", "начало", "date from"),
                required=True,
                example="02.11.2026",
            ),
            Column(
                "date_to",
                "Дата окончания",
                day,
                ("по", "окончание", "date to"),
                required=True,
                example="06.11.2026",
            ),
            Column("hours", "Часы", integer, ("часов", "объём часов", "hours"), required=True, example="36"),
        ],
    ),
    ImportSpec(
        slug="employment",
        title=gettext_lazy("Employment of graduates"),
        model=EmploymentRecord,
        key=("student", "checkpoint_months"),
        lookups=[
            Lookup(
                "student",
                cells=student_cells(gettext_lazy("The graduate's SNILS, or the full name.")),
                find=find_student,
                find_many=find_students,
                required=True,
            )
        ],
        columns=[
            Column(
                "checkpoint_months",
                "Месяцев после выпуска",
                integer,
                ("контрольная точка", "через месяцев", "checkpoint", "months after graduation"),
                required=True,
                example="12",
                help=gettext_lazy("12 or 24: one or two years after graduation."),
            ),
            Column(
                "status",
                "Статус",
                choice(EmploymentRecord.Status.choices),
                ("занятость", "status"),
                required=True,
                example="трудоустроен",
            ),
            employer_column(required=False),
            Column(
                "by_speciality",
                "По специальности",
                yes_no,
                ("по профилю", "by speciality"),
                example="да",
                help=gettext_lazy("yes or no; empty is no"),
            ),
            Column(
                "source",
                "Источник сведений",
                choice(EmploymentRecord.Source.choices),
                ("источник", "source"),
                required=True,
                example="подтверждение работодателя",
            ),
            Column(
                "fact_date",
                "Дата сведений",
                day,
                ("дата", "дата факта", "fact date"),
                required=True,
                example="30.06.2026",
            ),
        ],
    ),
    ImportSpec(
        slug="targeted-contracts",
        title=gettext_lazy("Targeted-training contracts"),
        model=TargetedContract,
        key=("student", "number"),
        lookups=[
            Lookup(
                "student", cells=student_cells(), find=find_student, find_many=find_students, required=True
            )
        ],
        columns=[
            Column(
                "number",
                "Номер договора",
                text,
                ("номер", "№ договора", "number"),
                required=True,
                example="ЦО-15",
            ),
            Column("date", "Дата договора", day, ("дата", "date"), required=True, example="10.09.2026"),
            employer_column(),
            Column(
                "status",
                "Статус",
                choice(TargetedContract.Status.choices),
                ("статус договора", "status"),
                required=True,
                example="активный",
                help=gettext_lazy(
                    "active, fulfilled or terminated; a student has one active contract at most"
                ),
            ),
        ],
    ),
]
