"""The permission gate: each persona sees and changes exactly its part of the registry."""

import pytest

from profcluster.clusters.models import Cluster, Participation
from profcluster.organisations.models import Organisation, Person


def names(queryset):
    return sorted(str(obj) for obj in queryset)


def test_it_shows_the_federal_operator_everything_and_lets_it_change_nothing(federal):
    assert names(Cluster.objects.restrict(federal, "view")) == ["Кластер А1", "Кластер А2", "Кластер Б"]
    assert not Cluster.objects.restrict(federal, "change").exists()
    assert not Organisation.objects.restrict(federal, "change").exists()


def test_it_shows_a_regional_official_the_clusters_of_its_region(official):
    assert names(Cluster.objects.restrict(official, "view")) == ["Кластер А1", "Кластер А2"]
    assert names(Cluster.objects.restrict(official, "change")) == ["Кластер А1", "Кластер А2"]
    assert names(Organisation.objects.restrict(official, "change")) == [
        "Колледж А",
        "Колледж А2",
        "Работодатель А",
    ]


def test_it_keeps_a_read_only_official_from_changing(auditor):
    assert names(Cluster.objects.restrict(auditor, "view")) == ["Кластер А1", "Кластер А2"]
    assert not Cluster.objects.restrict(auditor, "change").exists()
    assert not Organisation.objects.restrict(auditor, "personal_data").exists()


def test_it_shows_a_cluster_manager_its_cluster_and_participants(manager, world):
    assert names(Cluster.objects.restrict(manager, "view")) == ["Кластер А1"]
    assert names(Organisation.objects.restrict(manager, "view")) == ["Колледж А", "Работодатель А"]
    assert names(Cluster.objects.restrict(manager, "change")) == ["Кластер А1"]
    # It manages the cluster, not the participants' own records.
    assert not Organisation.objects.restrict(manager, "change").exists()
    assert names(Organisation.objects.restrict(manager, "personal_data")) == ["Колледж А", "Работодатель А"]


def test_it_shows_an_employer_only_the_clusters_it_takes_part_in(employer, world):
    assert names(Cluster.objects.restrict(employer, "view")) == ["Кластер А1"]
    assert names(Organisation.objects.restrict(employer, "view")) == ["Колледж А", "Работодатель А"]
    assert names(Organisation.objects.restrict(employer, "change")) == ["Работодатель А"]
    assert not Cluster.objects.restrict(employer, "change").exists()
    # A partner's staff are visible by name, but their personal data is not the employer's business.
    assert names(Person.objects.restrict(employer, "view")) == ["Павловская Инна"]
    assert not Organisation.objects.restrict(employer, "personal_data").filter(pk=world.college_a.pk).exists()


def test_it_shows_an_outsider_nothing_of_another_region(outsider, world):
    assert names(Cluster.objects.restrict(outsider, "view")) == ["Кластер Б"]
    assert names(Organisation.objects.restrict(outsider, "view")) == ["Колледж Б"]
    assert not Person.objects.restrict(outsider, "view").exists()
    visible = Participation.objects.restrict(outsider, "view").select_related("organisation")
    assert [p.organisation.short_name for p in visible] == ["Колледж Б"]


def test_it_shows_a_user_without_roles_nothing(world, django_user_model):
    nobody = django_user_model.objects.create_user("nobody")
    for model in (Cluster, Organisation, Person, Participation):
        assert not model.objects.restrict(nobody, "view").exists()


def test_it_shows_anonymous_visitors_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Cluster.objects.restrict(AnonymousUser(), "view").exists()


def test_it_rejects_an_unknown_action(official):
    with pytest.raises(ValueError):
        Cluster.objects.restrict(official, "delete-everything")


def test_it_combines_several_roles(world, official):
    from profcluster.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=official, role="cluster", cluster=world.cluster_b, can_write=False)
    official = type(official).objects.get(pk=official.pk)  # scopes are cached per user object
    assert names(Cluster.objects.restrict(official, "view")) == ["Кластер А1", "Кластер А2", "Кластер Б"]
    assert names(Cluster.objects.restrict(official, "change")) == ["Кластер А1", "Кластер А2"]


def test_it_lets_only_the_regional_ministry_verify(official, auditor, manager, federal):
    assert names(Cluster.objects.restrict(official, "verify")) == ["Кластер А1", "Кластер А2"]
    for user in (auditor, manager, federal):
        assert not Cluster.objects.restrict(user, "verify").exists()


def test_it_lets_only_the_federal_operator_accept(official, federal):
    assert names(Cluster.objects.restrict(federal, "accept")) == ["Кластер А1", "Кластер А2", "Кластер Б"]
    assert not Cluster.objects.restrict(official, "accept").exists()
