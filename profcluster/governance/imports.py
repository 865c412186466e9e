"""Importable registers of this app: the activities of a cluster's programme (план мероприятий), by programme
and title.

The programme is named by its cluster: a cluster has one programme, and only its current version changes, so
the rows go into the current version and never into one already superseded.
"""

from django.utils.translation import gettext_lazy as _

from profcluster.core.importer import Column, ImportSpec, choice, day, related, text
from profcluster.core.permissions import VIEW
from profcluster.governance.models import Activity, Programme
from profcluster.organisations.models import Organisation


def current_programmes(user):
    return Programme.objects.restrict(user, VIEW).filter(next_version__isnull=True)


SPECS = [
    ImportSpec(
        slug="activities",
        title=_("Activities of the programme"),
        model=Activity,
        key=("programme", "title"),
        columns=[
            Column(
                "programme",
                "Кластер",
                related(current_programmes, "cluster__name__iexact"),
                ("программа", "cluster"),
                required=True,
                example="ОПЦ лёгкой промышленности",
                help=_("The cluster's name: the activity goes into the current version of its programme."),
            ),
            Column(
                "title",
                "Мероприятие",
                text,
                ("наименование мероприятия", "activity"),
                required=True,
                example="Повышение квалификации преподавателей",
            ),
            Column(
                "direction",
                "Направление",
                choice(Activity.Direction.choices),
                ("direction",),
                required=True,
                example="развитие кадров",
            ),
            Column(
                "status",
                "Статус",
                choice(Activity.Status.choices),
                ("status",),
                required=True,
                example="план",
            ),
            Column(
                "planned_start",
                "Начало (план)",
                day,
                ("начало", "planned start"),
                required=True,
                example="01.02.2023",
            ),
            Column(
                "planned_end",
                "Окончание (план)",
                day,
                ("окончание", "planned end"),
                required=True,
                example="30.11.2023",
            ),
            Column("actual_start", "Начало (факт)", day, ("actual start",)),
            Column(
                "actual_end",
                "Окончание (факт)",
                day,
                ("actual end",),
                help=_("Required for a done activity."),
            ),
            Column(
                "responsible_organisation",
                "ИНН ответственной организации",
                related(lambda user: Organisation.objects.restrict(user, VIEW), "inn"),
                ("ответственная организация", "инн"),
                example="2225010019",
                help=_("An organisation taking part in the cluster."),
            ),
            Column("expected_result", "Ожидаемый результат", text, ("expected result",)),
            Column("achieved_result", "Достигнутый результат", text, ("результат", "achieved result")),
        ],
    ),
]
