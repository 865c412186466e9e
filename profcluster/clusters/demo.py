"""The three Altai Krai clusters of the seed and their participants."""

from profcluster.clusters.models import Cluster, Participation
from profcluster.clusters.services import cluster_save
from profcluster.core.seed import DEMO_REASON, upsert
from profcluster.organisations.models import Organisation
from profcluster.reference.models import Industry, Region

R = Participation.Role
MINISTRY, TRANSPORT_MINISTRY, BTK, DSU4, ACADEMY, POLYTECH, TRANSPORT_COLLEGE = (
    "2225010019",
    "2225010026",
    "2225010033",
    "2225010040",
    "2225010058",
    "2225010065",
    "2225010072",
)

CLUSTERS = [
    # name, industry, year, base college, status, description, other participants
    (
        "ОПЦ лёгкой промышленности",
        "light-industry",
        2022,
        ACADEMY,
        Cluster.Status.OPERATING,
        "Создан по итогам конкурсного отбора 2022 года на базе Алтайской академии гостеприимства совместно "
        "с АО «БТК групп».",
        [(BTK, R.KEY_EMPLOYER), (MINISTRY, R.AUTHORITY)],
    ),
    (
        "ОПЦ машиностроения",
        "mechanical-engineering",
        2023,
        POLYTECH,
        Cluster.Status.SELECTED,
        "Создаётся в 2023 году на базе Алтайского политехнического техникума.",
        [(MINISTRY, R.AUTHORITY)],
    ),
    (
        "ОПЦ транспортной отрасли",
        "transport",
        2023,
        TRANSPORT_COLLEGE,
        Cluster.Status.SELECTED,
        "Создаётся в 2023 году на базе Алтайского транспортного техникума.",
        [(DSU4, R.KEY_EMPLOYER), (MINISTRY, R.AUTHORITY), (TRANSPORT_MINISTRY, R.AUTHORITY)],
    ),
]


def load(out) -> None:
    region = Region.objects.get(code="22")
    for name, industry, year, base_inn, status, description, partners in CLUSTERS:
        cluster, changed = upsert(
            Cluster,
            {"region": region, "name": name},
            {
                "kind": Cluster.Kind.OPC,
                "industry": Industry.objects.get(slug=industry),
                "selection_year": year,
                "base_organisation": Organisation.objects.get(inn=base_inn),
                "status": status,
                "description": description,
            },
            save=False,
        )
        if changed:
            cluster_save(cluster=cluster, change_reason=DEMO_REASON)
        for inn, role in partners:
            upsert(
                Participation,
                {"cluster": cluster, "organisation": Organisation.objects.get(inn=inn)},
                {"role": role},
            )
