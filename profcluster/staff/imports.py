"""Importable registers of this app: staff members, as colleges keep them in their staff lists.

A staff member is found by its person and category. The engine's parsers read one cell each, so the person is
found by the full name («ФИО») among the people the user sees; the organisation's ИНН must then be the
person's own organisation, otherwise the row is refused at the name.
"""

from django.db.models import Value
from django.db.models.functions import Concat, Trim
from django.utils.translation import gettext_lazy as _

from profcluster.core.importer import Column, ImportSpec, choice, day, related, text
from profcluster.core.permissions import VIEW
from profcluster.organisations.models import Organisation, Person
from profcluster.staff.models import StaffMember


def people(user):
    full = Trim(Concat("surname", Value(" "), "name", Value(" "), "patronymic"))
    return Person.objects.restrict(user, VIEW).annotate(full=full)


def same_organisation(member, values) -> None:
    # A person of another organisation than the ИНН says: dropping the person makes validation name the cell.
    organisation = values.get("organisation")
    if organisation is not None and member.person_id and member.person.organisation_id != organisation.pk:
        member.person = None


SPECS = [
    ImportSpec(
        slug="staff-members",
        title=_("Staff members"),
        model=StaffMember,
        key=("person", "category"),
        prepare=same_organisation,
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
                "person",
                "ФИО",
                related(people, "full__iexact"),
                ("фамилия имя отчество", "сотрудник", "full name"),
                required=True,
                example="Павловская Инна Викторовна",
                help=_("As in the organisation's list of people: surname, first name and patronymic."),
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
]
