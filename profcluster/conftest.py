"""Personas shared by the whole suite: a small two-region world and one user per role.

Region A (Алтайский край) has two clusters; cluster A1 has a base college and a key employer. Region B
(Новосибирская область) has one cluster of its own. The outsider is a regional official of region B.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from profcluster.accounts.models import RoleAssignment, User
from profcluster.clusters.models import Cluster, Participation
from profcluster.clusters.services import cluster_save
from profcluster.core.identifiers import inn_check_digits
from profcluster.organisations.models import Organisation, Person
from profcluster.reference.models import Industry, Region

Role = RoleAssignment.Role


@dataclass
class World:
    region_a: Region
    region_b: Region
    college_a: Organisation
    employer_a: Organisation
    college_a2: Organisation
    college_b: Organisation
    cluster_a: Cluster
    cluster_a2: Cluster
    cluster_b: Cluster
    person_a: Person


def make_organisation(
    inn: str, region: Region, kind=Organisation.Kind.COLLEGE, name: str = ""
) -> Organisation:
    organisation = Organisation(
        inn=inn,
        kind=kind,
        region=region,
        short_name=name or f"Орг {inn}",
        full_name=name or f"Организация {inn}",
    )
    organisation.full_clean()
    organisation.save()
    return organisation


def make_cluster(
    name: str, region: Region, base: Organisation, year: int = 2023, industry: str = "transport"
):
    cluster = Cluster(
        name=name,
        region=region,
        base_organisation=base,
        selection_year=year,
        industry=Industry.objects.get(slug=industry),
    )
    cluster.full_clean()
    return cluster_save(cluster=cluster)


def valid_inn(number: int, region: str = "77") -> str:
    """A 10-digit ИНН with correct check digit, for creating many organisations in tests."""
    body = f"{region}{number:07d}"
    return body + inn_check_digits(body)


# ИНН with valid check digits (computed by profcluster.core.identifiers.inn_check_digits).
INN = [
    "2225010019",
    "2225010026",
    "2225010033",
    "2225010040",
    "2225010058",
    "2225010065",
    "2225010072",
    "5406010016",
]


@pytest.fixture
def world(db) -> World:
    region_a = Region.objects.get(code="22")
    region_b = Region.objects.get(code="54")
    college_a = make_organisation(INN[0], region_a, name="Колледж А")
    employer_a = make_organisation(INN[1], region_a, Organisation.Kind.EMPLOYER, name="Работодатель А")
    college_a2 = make_organisation(INN[2], region_a, name="Колледж А2")
    college_b = make_organisation(INN[7], region_b, name="Колледж Б")
    cluster_a = make_cluster("Кластер А1", region_a, college_a, industry="light-industry")
    Participation.objects.create(
        cluster=cluster_a, organisation=employer_a, role=Participation.Role.KEY_EMPLOYER
    )
    cluster_a2 = make_cluster("Кластер А2", region_a, college_a2)
    cluster_b = make_cluster("Кластер Б", region_b, college_b)
    person_a = Person.objects.create(
        organisation=college_a,
        surname="Павловская",
        name="Инна",
        phone="+7 913 000-11-22",
        email="pavlovskaya@example.ru",
        snils="11223344595",
    )
    return World(
        region_a,
        region_b,
        college_a,
        employer_a,
        college_a2,
        college_b,
        cluster_a,
        cluster_a2,
        cluster_b,
        person_a,
    )


def make_user(username: str, role=None, can_write: bool = True, **scope) -> User:
    user = User.objects.create_user(username, password="pw", first_name=username.capitalize())
    if role is not None:
        RoleAssignment.objects.create(user=user, role=role, can_write=can_write, **scope)
    return user


@pytest.fixture
def federal(world):
    return make_user("federal", Role.FEDERAL, can_write=False)


@pytest.fixture
def official(world):
    return make_user("official", Role.REGIONAL, region=world.region_a)


@pytest.fixture
def auditor(world):
    return make_user("auditor", Role.REGIONAL, can_write=False, region=world.region_a)


@pytest.fixture
def manager(world):
    return make_user("manager", Role.CLUSTER, cluster=world.cluster_a)


@pytest.fixture
def employer(world):
    return make_user("employer", Role.ORGANISATION, organisation=world.employer_a)


@pytest.fixture
def outsider(world):
    return make_user("outsider", Role.REGIONAL, region=world.region_b)


@pytest.fixture
def admin_user(world):
    return User.objects.create_superuser("root", "root@example.invalid", "pw")


@pytest.fixture
def boards_kept(settings):
    """The boards' cache on (core.datacache), as with Redis in production; empty before and after."""
    settings.BOARD_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def as_user(client):
    """Log the client in as a persona: `as_user(official).get(url)`."""

    def login(user):
        client.force_login(user)
        return client

    return login
