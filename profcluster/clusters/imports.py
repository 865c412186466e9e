"""Importable registers of this app: participations of organisations in clusters."""

from django.utils.translation import gettext_lazy as _

from profcluster.clusters.models import Cluster, Participation
from profcluster.core.importer import Column, ImportSpec, choice, day, related, text
from profcluster.core.permissions import VIEW
from profcluster.organisations.models import Organisation

ROLES = [choice_ for choice_ in Participation.Role.choices if choice_[0] != Participation.Role.BASE_COLLEGE]

SPECS = [
    ImportSpec(
        slug="participations",
        title=_("Participants of clusters"),
        model=Participation,
        key=("cluster", "organisation"),
        columns=[
            Column(
                "cluster",
                "Кластер",
                related(lambda user: Cluster.objects.restrict(user, VIEW), "name__iexact"),
                ("наименование кластера", "cluster"),
                required=True,
                example="ОПЦ транспортной отрасли",
            ),
            Column(
                "organisation",
                "ИНН организации",
                related(lambda user: Organisation.objects.all(), "inn"),
                ("инн", "организация"),
                required=True,
                example="2225010040",
            ),
            Column("role", "Роль", choice(ROLES), ("role",), required=True, example="ключевой работодатель"),
            Column("date_from", "Дата начала", day, ("с", "from"), example="01.09.2023"),
            Column("date_to", "Дата окончания", day, ("по", "to")),
            Column("obligations", "Обязательства", text, ("obligations",)),
        ],
    ),
]
