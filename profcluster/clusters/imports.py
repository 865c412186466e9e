"""Importable registers of this app: clusters, by region and name, and the participations of organisations
in clusters, by cluster and organisation.

A cluster is saved through `cluster_save`, which keeps its base-college participation in step with the base
organisation; a new cluster is allowed only in a region the user may change (the gate decides, after the
write), and its region and name are its natural key, so an import never moves a cluster to another region.
"""

from django.utils.translation import gettext_lazy as _

from profcluster.clusters.models import Cluster, Participation
from profcluster.clusters.services import cluster_save
from profcluster.core.importer import Column, ImportSpec, choice, day, integer, related, text
from profcluster.core.permissions import VIEW
from profcluster.organisations.models import Organisation
from profcluster.reference.models import Industry, Region

ROLES = [choice_ for choice_ in Participation.Role.choices if choice_[0] != Participation.Role.BASE_COLLEGE]


def _spelling(value) -> str:
    return " ".join(text(value).lower().replace("ё", "е").replace("-", " ").split())


# What the federal lists write instead of the full names of the kinds.
KIND_ALIASES = {
    "опц": Cluster.Kind.OPC,
    "образовательно производственный центр": Cluster.Kind.OPC,
    "кластер спо": Cluster.Kind.EDUCATION,
    "образовательный кластер": Cluster.Kind.EDUCATION,
}
_kind_by_label = choice(Cluster.Kind.choices)


def cluster_kind(value):
    return KIND_ALIASES.get(_spelling(value)) or _kind_by_label(value)


def status_kept_when_empty(cluster: Cluster, values) -> None:
    # An empty cell is no news about the status: a new cluster has passed the selection, a known one stays.
    if cluster.status:
        return
    if cluster.pk is None:
        cluster.status = Cluster.Status.SELECTED
    else:
        cluster.status = Cluster.objects.values_list("status", flat=True).get(pk=cluster.pk)


def save_cluster(cluster: Cluster, values, user) -> None:
    # Through the service: the base organisation's participation follows the cluster's base organisation.
    cluster_save(cluster=cluster, change_reason=cluster._change_reason)


SPECS = [
    ImportSpec(
        slug="clusters",
        title=_("Clusters"),
        model=Cluster,
        key=("region", "name"),
        prepare=status_kept_when_empty,
        save=save_cluster,
        columns=[
            Column(
                "region",
                "Регион",
                related(lambda user: Region.objects.all(), "code", "name__iexact"),
                ("субъект рф", "код региона", "region"),
                required=True,
                example="22",
                help=_(
                    "The region's two-digit code or its name; a new cluster only in a region you may change."
                ),
            ),
            Column(
                "name",
                "Наименование кластера",
                text,
                ("наименование", "кластер", "name", "cluster"),
                required=True,
                example="ОПЦ транспортной отрасли Алтайского края",
                help=_("With the region, finds the cluster: a cluster of another name is a new cluster."),
            ),
            Column(
                "kind",
                "Вид",
                cluster_kind,
                ("вид кластера", "тип", "kind"),
                required=True,
                example="ОПЦ",
                help=_("The kind in full or in short: ОПЦ, кластер СПО."),
            ),
            Column("brand_name", "Бренд", text, ("брендовое наименование", "brand name", "brand")),
            Column(
                "industry",
                "Отрасль",
                related(lambda user: Industry.objects.all(), "name__iexact", "slug"),
                ("industry",),
                required=True,
                example="Транспорт",
                help=_("As in the reference list of industries."),
            ),
            Column(
                "selection_year",
                "Год отбора",
                integer,
                ("год конкурсного отбора", "год", "selection year"),
                required=True,
                example="2023",
            ),
            Column(
                "base_organisation",
                "ИНН базовой организации",
                related(lambda user: Organisation.objects.restrict(user, VIEW), "inn"),
                ("базовая образовательная организация", "базовый колледж", "инн", "base organisation"),
                required=True,
                example="2225010019",
                help=_(
                    "The base college's INN as in the register of organisations; it becomes the cluster's "
                    "base college, and a former base college stays as a participating college."
                ),
            ),
            Column(
                "status",
                "Статус",
                choice(Cluster.Status.choices),
                ("status",),
                example="действует",
                help=_("applied, selected, operating or closed; left empty, a new cluster is selected"),
            ),
            Column("description", "Описание", text, ("description",)),
        ],
    ),
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
