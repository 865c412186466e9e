"""Importable registers of this app: students (the college's contingent list) and demonstration exam results.

A student is found by group, surname, first name and date of birth. The engine finds a row by one tuple of
fields, so "by СНИЛС when given, else by name" cannot be said; СНИЛС stays unique through the model's own
check, so a second student with the same СНИЛС is refused rather than created. The patronymic is left out of
the key because an empty key field would make the engine create the row again on every import.
"""

import re

from django.db.models import Value
from django.db.models.functions import Concat, Trim
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profcluster.core.importer import (
    CellError,
    Column,
    ImportSpec,
    choice,
    day,
    decimal,
    digits,
    related,
    text,
)
from profcluster.core.permissions import VIEW
from profcluster.education.models import DemoExam, Group, Student

YES_NO = [(True, gettext_lazy("yes")), (False, gettext_lazy("no"))]


def student_by_snils_or_name(value, user):
    """The student of an exam sheet: by СНИЛС in any spelling, else by the full name if it is unambiguous."""
    raw = text(value)
    if not raw:
        return None
    students = Student.objects.restrict(user, VIEW)
    number = re.sub(r"[\s-]", "", raw)
    if number.isdigit():
        found = list(students.filter(snils=number)[:2])
    else:
        full = Trim(Concat("surname", Value(" "), "name", Value(" "), "patronymic"))
        found = list(students.annotate(full=full).filter(full__iexact=" ".join(raw.split()))[:2])
    if len(found) != 1:
        raise CellError(_("«%(value)s» is not found") % {"value": raw})
    return found[0]


student_by_snils_or_name.needs_user = True


SPECS = [
    ImportSpec(
        slug="students",
        title=gettext_lazy("Students"),
        model=Student,
        key=("group", "surname", "name", "birth_date"),
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
        columns=[
            Column(
                "student",
                "Обучающийся",
                student_by_snils_or_name,
                ("студент", "снилс", "фио", "student"),
                required=True,
                example="112-233-445 95",
                help=gettext_lazy("The student's SNILS, or the full name when it is unique."),
            ),
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
]
