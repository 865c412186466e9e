"""Demo users, one per persona. Development only: the passwords are public."""

from profcluster.accounts.models import RoleAssignment, User
from profcluster.clusters.models import Cluster
from profcluster.core.seed import upsert
from profcluster.organisations.models import Organisation
from profcluster.reference.models import Region

DEMO_PASSWORD = "demo"
Role = RoleAssignment.Role

USERS = [
    # username, first name, last name, role, scope (kind, key), may change, what the persona shows
    ("federal", "Федеральный", "оператор", Role.FEDERAL, None, False, "sees every cluster, changes nothing"),
    ("region", "Галина", "Синицына", Role.REGIONAL, ("region", "22"), True, "all three Altai Krai clusters"),
    (
        "auditor",
        "Аудитор",
        "Алтайского края",
        Role.REGIONAL,
        ("region", "22"),
        False,
        "Altai Krai, read-only",
    ),
    (
        "cluster",
        "Елена",
        "Андреева",
        Role.CLUSTER,
        ("cluster", "ОПЦ транспортной отрасли"),
        True,
        "manages the transport cluster",
    ),
    (
        "college",
        "Наталья",
        "Колледжева",
        Role.ORGANISATION,
        ("organisation", "2225010058"),
        True,
        "Алтайская академия гостеприимства and its cluster",
    ),
    (
        "employer",
        "Николай",
        "Данилин",
        Role.ORGANISATION,
        ("organisation", "2225010040"),
        True,
        "Барнаульский ДСУ № 4 and only its cluster",
    ),
    (
        "outsider",
        "Иван",
        "Новосибирцев",
        Role.REGIONAL,
        ("region", "54"),
        True,
        "Новосибирская область: nothing of Altai Krai",
    ),
]


def _scope(kind_key):
    if kind_key is None:
        return {}
    kind, key = kind_key
    if kind == "region":
        return {"region": Region.objects.get(code=key)}
    if kind == "cluster":
        return {"cluster": Cluster.objects.get(name=key, region__code="22")}
    return {"organisation": Organisation.objects.get(inn=key)}


def load(out) -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        User.objects.create_superuser("admin", "admin@example.invalid", "admin", first_name="Администратор")
    for username, first_name, last_name, role, scope, can_write, _ in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username, password=DEMO_PASSWORD, first_name=first_name, last_name=last_name
            )
        upsert(RoleAssignment, {"user": user, "role": role, **_scope(scope)}, {"can_write": can_write})
    out.write("Demo users (development only):")
    out.write(f"  {'admin':10} admin  — administrator")
    for username, *_, shows in USERS:
        out.write(f"  {username:10} {DEMO_PASSWORD}   — {shows}")
