"""Importable registers of this app: staff members, as colleges keep them in their staff lists; the course
catalogue; professional development records (сведения о повышении квалификации); practitioners' teaching load.

A staff member is found by its person and category; the person by the full name («ФИО») among the people of
the organisation the ИНН names, so that namesakes of two organisations are never confused.

A training record is found by staff member, course and start date: the same course taken again later is a
new record. The course is named by its title or, when several catalogue entries share the title, the way
the pages show it: «Title (Provider, 72 ч)».
"""

import re
from collections import defaultdict

from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Concat, Trim, Upper
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from profcluster.clusters.models import Cluster
from profcluster.core.importer import (
    CellError,
    Column,
    ImportSpec,
    Lookup,
    among,
    choice,
    day,
    folded,
    integer,
    related,
    text,
    texts_in,
)
from profcluster.core.permissions import CHANGE, VIEW
from profcluster.organisations.models import Organisation, Person
from profcluster.staff.models import Course, StaffMember, TeachingAssignment, TrainingRecord


def people(user):
    full = Trim(Concat("surname", Value(" "), "name", Value(" "), "patronymic"))
    return Person.objects.restrict(user, VIEW).annotate(full=full)


def _norm(value) -> str:
    return " ".join(text(value).lower().replace("ё", "е").split())


def choice_or(choices, aliases: dict[str, str]):
    """A choice that also takes the short names people write in sheets, e.g. «переподготовка»."""
    strict = choice(choices)

    def parse(value):
        return aliases.get(_norm(value)) or strict(value)

    return parse


def staff_member_by_name(categories=()):
    """A staff member by СНИЛС in any spelling or by full name. A person in several categories counts once,
    in the first category of the list: a teacher who is also a methodologist trains as a teacher."""
    order = Case(
        *(When(category=code, then=Value(i)) for i, code in enumerate(StaffMember.Category.values)),
        output_field=IntegerField(),
    )
    full = Trim(Concat("person__surname", Value(" "), "person__name", Value(" "), "person__patronymic"))

    def members_of(user):
        members = StaffMember.objects.restrict(user, VIEW).select_related("person")
        return members.filter(category__in=categories) if categories else members

    def number_of(raw: str) -> str | None:
        number = re.sub(r"[\s-]", "", raw)
        return number if number.isdigit() else None

    def chosen(found: list):
        """The member the candidates name, or None: no one, or several people."""
        found = found[:10]
        if not found or len({member.person_id for member in found}) > 1:
            return None
        return found[0]

    def parse(value, user):
        raw = text(value)
        if not raw:
            return None
        members, number = members_of(user), number_of(raw)
        if number:
            members = members.filter(person__snils=number)
        else:
            members = members.annotate(full=full).filter(full__iexact=" ".join(raw.split()))
        found = chosen(list(members.annotate(order=order).order_by("order", "pk")[:10]))
        if found is None:
            raise CellError(gettext("«%(value)s» is not found") % {"value": raw})
        return found

    def parse_many(values, user) -> dict:
        """`parse` for a chunk's cells: one query for the СНИЛС and one for the names, not one per cell; the
        engine asks `parse` for the cells not found here, to say why."""
        numbers, names = defaultdict(list), defaultdict(list)
        for value in values:
            if raw := text(value):
                if number := number_of(raw):
                    numbers[number].append(value)
                else:
                    names[" ".join(raw.split())].append(value)
        candidates, found = members_of(user).annotate(order=order), {}
        if numbers:
            by_number = defaultdict(list)
            asked = candidates.filter(person__snils__in=texts_in(numbers, candidates.db))
            for member in asked.order_by("order", "pk"):
                by_number[member.person.snils].append(member)
            for number, cells in numbers.items():
                if (member := chosen(by_number[number])) is not None:
                    found.update(dict.fromkeys(cells, member))
        if names:
            upper, by_name = folded(names, candidates.db), defaultdict(list)
            asked = candidates.annotate(key=Upper(full)).filter(
                key__in=texts_in(set(upper.values()), candidates.db)
            )
            for member in asked.order_by("order", "pk"):
                by_name[member.key].append(member)
            for name, cells in names.items():
                if (member := chosen(by_name[upper[name]])) is not None:
                    found.update(dict.fromkeys(cells, member))
        return found

    parse.needs_user = True
    parse.parse_many = parse_many
    return parse


def course_by_title(value, user):
    raw = " ".join(text(value).split())
    if not raw:
        return None
    courses = Course.objects.restrict(user, VIEW).select_related("provider")
    found = list(courses.filter(title__iexact=raw)[:2])
    shown = re.fullmatch(r"(.+) \((.+), (\d+) ч\)", raw)
    if len(found) != 1 and shown:
        title, provider, hours = shown.groups()
        found = list(
            courses.filter(title__iexact=title, provider__short_name__iexact=provider, hours=hours)[:2]
        )
    if len(found) == 2:
        raise CellError(
            gettext("several courses have this title: write it as «%(example)s»")
            % {"example": f"{raw} ({found[0].provider.short_name}, {found[0].hours} ч)"}
        )
    if not found:
        raise CellError(gettext("«%(value)s» is not found") % {"value": raw})
    return found[0]


def _courses_by_title(values, user) -> dict:
    """`course_by_title` for a chunk's cells, one query: the cells whose title one course alone bears (the
    rest, «Title (Provider, 72 ч)» or not found, are left to `course_by_title`, to choose or to say why)."""
    titles = defaultdict(list)
    for value in values:
        if raw := " ".join(text(value).split()):
            titles[raw].append(value)
    if not titles:
        return {}
    courses = Course.objects.restrict(user, VIEW).select_related("provider")
    upper, by_title = folded(titles, courses.db), defaultdict(list)
    asked = courses.annotate(key=Upper("title")).filter(key__in=texts_in(set(upper.values()), courses.db))
    for course in asked.order_by():
        by_title[course.key].append(course)
    found = {}
    for title, cells in titles.items():
        if len(matching := by_title[upper[title]]) == 1:
            found.update(dict.fromkeys(cells, matching[0]))
    return found


course_by_title.needs_user = True
course_by_title.parse_many = _courses_by_title


def academic_year(value) -> int | None:
    """«2023/24», «2023/2024», «2023-2024» or 2023: the academic year by its first calendar year."""
    raw = text(value).replace(" ", "")
    if not raw:
        return None
    found = re.fullmatch(r"(\d{4})(?:[/-](\d{2}|\d{4}))?", raw)
    if not found or (found[2] and int(found[2][-2:]) != (int(found[1]) + 1) % 100):
        raise CellError(gettext("not an academic year such as 2023/24"))
    return int(found[1])


DOCUMENT_FOR_KIND = {
    Course.Kind.UPSKILLING: TrainingRecord.DocumentKind.CERTIFICATE,
    Course.Kind.RETRAINING: TrainingRecord.DocumentKind.DIPLOMA,
    Course.Kind.INTERNSHIP: TrainingRecord.DocumentKind.INTERNSHIP,
}


def fill_training_record(record: TrainingRecord, values) -> None:
    # A sheet of completed courses often has the document but no status: the document says it was completed.
    if not record.status:
        completed = record.document_number and record.document_date
        record.status = TrainingRecord.Status.COMPLETED if completed else TrainingRecord.Status.PLANNED
    if not record.document_kind and record.status == TrainingRecord.Status.COMPLETED and record.course_id:
        record.document_kind = DOCUMENT_FOR_KIND[record.course.kind]
    # Filled here and not only on save, so that a re-import with an empty cell compares equal.
    record.fill_valid_until()


def fill_delivered_hours(assignment: TeachingAssignment, values) -> None:
    if assignment.delivered_hours in (None, ""):
        assignment.delivered_hours = 0


COURSE_KINDS = choice_or(
    Course.Kind.choices,
    {
        "повышение квалификации": Course.Kind.UPSKILLING,
        "пк": Course.Kind.UPSKILLING,
        "профессиональная переподготовка": Course.Kind.RETRAINING,
        "переподготовка": Course.Kind.RETRAINING,
        "стажировка": Course.Kind.INTERNSHIP,
    },
)

COURSE_FORMATS = choice_or(
    Course.Format.choices,
    {
        "очная": Course.Format.IN_PERSON,
        "дистанционная": Course.Format.DISTANCE,
        "с применением дот": Course.Format.DISTANCE,
        "смешанная": Course.Format.BLENDED,
        "очно-заочная": Course.Format.BLENDED,
    },
)


def providers(user):
    # As on the course form: the organisations the user sees and every known provider (federal and regional
    # institutes), since the catalogue is shared and a provider's name is no secret.
    known = Organisation.objects.filter(provided_courses__isnull=False).values("pk")
    visible = Organisation.objects.restrict(user, VIEW).values("pk")
    return Organisation.objects.filter(pk__in=visible) | Organisation.objects.filter(pk__in=known)


def find_person(user, organisation, person):
    # Within the organisation of the row: namesakes of two organisations are two people, and a person of
    # another organisation than the ИНН says is not found rather than moved.
    return people(user).filter(organisation=organisation, full__iexact=" ".join(person.split()))


def find_people(user, combinations):
    """`find_person` for a chunk of rows: one query, and one that upper-cases the names as `iexact` does."""
    names = {(organisation, person): " ".join(person.split()) for organisation, person in combinations}
    candidates = people(user)
    upper = folded(names.values(), candidates.db)
    candidates = candidates.annotate(key=Upper("full")).filter(
        organisation__in={organisation.pk for organisation, _person in combinations}
    )
    keys = {(organisation.pk, upper[name]) for (organisation, _person), name in names.items()}
    candidates = among(candidates, ("organisation_id", "key"), keys)
    found = defaultdict(list)
    for person in candidates.order_by():
        found[person.organisation_id, person.key].append(person)
    return {
        (organisation, person): found[organisation.pk, upper[names[organisation, person]]]
        for organisation, person in combinations
    }


SPECS = [
    ImportSpec(
        slug="staff-members",
        title=_("Staff members"),
        model=StaffMember,
        key=("person", "category"),
        lookups=[
            Lookup(
                "person",
                cells=(
                    "organisation",
                    Column(
                        "person",
                        "ФИО",
                        text,
                        ("фамилия имя отчество", "сотрудник", "full name"),
                        required=True,
                        example="Павловская Инна Викторовна",
                        help=_(
                            "As in the organisation's list of people: surname, first name and patronymic."
                        ),
                    ),
                ),
                find=find_person,
                find_many=find_people,
                required=True,
            )
        ],
        columns=[
            Column(
                "organisation",
                "ИНН организации",
                related(lambda user: Organisation.objects.restrict(user, VIEW), "inn"),
                ("инн", "организация", "инн работодателя"),
                required=True,
                example="2225010019",
                help=_("The employer of the person: a college, or an enterprise for a practitioner."),
            ),
            Column(
                "category",
                "Категория",
                choice(StaffMember.Category.choices),
                ("category",),
                required=True,
                example="преподаватель",
                help=_("teacher, master of industrial training, manager, methodologist or practitioner"),
            ),
            Column(
                "host_organisation",
                "ИНН базового колледжа",
                related(
                    lambda user: Organisation.objects.restrict(user, VIEW).filter(
                        kind=Organisation.Kind.COLLEGE
                    ),
                    "inn",
                ),
                ("колледж практика", "host college"),
                help=_("Only for an industry practitioner: the college where they teach."),
            ),
            Column(
                "employment",
                "Занятость",
                choice(StaffMember.Employment.choices),
                ("вид занятости", "employment"),
                example="штатный",
            ),
            Column("programmes", "Образовательные программы", text, ("программы", "programmes")),
            Column("date_from", "Работает с", day, ("дата приема", "date from"), example="01.09.2022"),
            Column("date_to", "Работает по", day, ("дата увольнения", "date to")),
        ],
    ),
    ImportSpec(
        slug="courses",
        title=_("Course catalogue"),
        model=Course,
        key=("provider", "title", "kind", "hours", "format"),
        columns=[
            Column(
                "title",
                "Программа",
                text,
                ("наименование программы", "название курса", "курс", "title"),
                required=True,
                example="Современные технологии в лёгкой промышленности",
            ),
            Column(
                "provider",
                "ИНН организации-исполнителя",
                related(providers, "inn"),
                ("инн исполнителя", "исполнитель", "provider"),
                required=True,
                example="2225010019",
                help=_("The organisation that runs the course."),
            ),
            Column(
                "kind",
                "Вид",
                COURSE_KINDS,
                ("вид программы", "kind"),
                required=True,
                example="повышение квалификации",
                help=_("upskilling (at least 16 h), retraining (at least 250 h) or internship"),
            ),
            Column(
                "hours",
                "Часы",
                integer,
                ("объем часов", "количество часов", "hours"),
                required=True,
                example=72,
            ),
            Column(
                "format",
                "Форма",
                COURSE_FORMATS,
                ("форма обучения", "format"),
                required=True,
                example="дистанционно",
                help=_("in person, distance or blended"),
            ),
            Column("topic", "Тема", text, ("тематика", "topic")),
            Column(
                "registered_by",
                "ИНН ведущей организации",
                related(lambda user: Organisation.objects.restrict(user, CHANGE), "inn"),
                ("кто ведет запись", "registered by"),
                required=True,
                example="2225010019",
                help=_("Your organisation, which keeps this catalogue entry up to date."),
            ),
        ],
    ),
    ImportSpec(
        slug="training-records",
        title=_("Professional development records"),
        model=TrainingRecord,
        key=("staff_member", "course", "date_from"),
        prepare=fill_training_record,
        columns=[
            Column(
                "staff_member",
                "ФИО",
                staff_member_by_name(),
                ("фамилия имя отчество", "сотрудник", "педагог", "снилс", "staff member"),
                required=True,
                example="Павловская Инна Викторовна",
                help=_("The full name as in the staff list, or the SNILS when two people share a name."),
            ),
            Column(
                "course",
                "Программа",
                course_by_title,
                ("программа повышения квалификации", "наименование программы", "курс", "course"),
                required=True,
                example="Современные технологии в лёгкой промышленности",
                help=_("The title in the course catalogue; «Title (Provider, 72 ч)» when titles repeat."),
            ),
            Column(
                "date_from",
                "Дата начала",
                day,
                ("начало обучения", "с", "from"),
                required=True,
                example="01.03.2023",
            ),
            Column(
                "date_to",
                "Дата окончания",
                day,
                ("окончание обучения", "по", "to"),
                required=True,
                example="14.03.2023",
            ),
            Column(
                "status",
                "Статус",
                choice(TrainingRecord.Status.choices),
                ("status",),
                example="завершено",
                help=_("Left empty: completed when the document is given, otherwise planned."),
            ),
            Column(
                "document_kind",
                "Документ",
                choice(TrainingRecord.DocumentKind.choices),
                ("вид документа", "document"),
                help=_("Left empty: follows from the kind of the course."),
            ),
            Column("document_series", "Серия", text, ("серия документа", "series")),
            Column(
                "document_number",
                "Номер документа",
                text,
                ("номер удостоверения", "регистрационный номер", "number"),
                example="222400012345",
            ),
            Column(
                "document_date",
                "Дата выдачи",
                day,
                ("дата документа", "дата удостоверения"),
                example="15.03.2023",
            ),
            Column(
                "valid_until",
                "Действует до",
                day,
                ("срок действия", "valid until"),
                help=_("Left empty: the standard validity from the date of issue."),
            ),
        ],
    ),
    ImportSpec(
        slug="teaching-assignments",
        title=_("Teaching load of industry practitioners"),
        model=TeachingAssignment,
        key=("practitioner", "cluster", "discipline", "academic_year", "semester"),
        prepare=fill_delivered_hours,
        columns=[
            Column(
                "practitioner",
                "ФИО",
                staff_member_by_name([StaffMember.Category.PRACTITIONER]),
                ("наставник", "специалист с производства", "снилс", "practitioner"),
                required=True,
                example="Данилин Николай Петрович",
                help=_("An industry practitioner of the staff list, by full name or SNILS."),
            ),
            Column(
                "cluster",
                "Кластер",
                related(lambda user: Cluster.objects.restrict(user, VIEW), "name__iexact"),
                ("cluster",),
                required=True,
                example="ОПЦ транспортной отрасли",
            ),
            Column(
                "programme",
                "Образовательная программа",
                text,
                ("специальность", "профессия", "programme"),
                required=True,
                example="23.02.01 Организация перевозок",
            ),
            Column(
                "discipline",
                "Дисциплина",
                text,
                ("дисциплина модуль", "мдк", "практика", "discipline"),
                required=True,
                example="МДК.01.01",
            ),
            Column(
                "kind",
                "Вид занятий",
                choice(TeachingAssignment.Kind.choices),
                ("вид", "kind"),
                example="дисциплина / модуль",
            ),
            Column(
                "academic_year",
                "Учебный год",
                academic_year,
                ("academic year",),
                required=True,
                example="2023/24",
            ),
            Column(
                "semester",
                "Семестр",
                choice(TeachingAssignment.Semester.choices),
                ("полугодие", "semester"),
                required=True,
                example="осенний",
                help=_("autumn or spring (1 or 2)"),
            ),
            Column(
                "planned_hours",
                "Часы по плану",
                integer,
                ("план часов", "planned hours"),
                required=True,
                example=36,
            ),
            Column(
                "delivered_hours",
                "Часы проведено",
                integer,
                ("факт часов", "проведено", "delivered hours"),
                example=30,
            ),
        ],
    ),
]
