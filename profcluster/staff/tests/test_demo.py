from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from profcluster.accounts.models import User
from profcluster.clusters.models import Cluster
from profcluster.staff.models import Course, StaffMember, TeachingAssignment, TrainingRecord


def history_count() -> int:
    models = (StaffMember, Course, TrainingRecord, TeachingAssignment)
    return sum(model.history.count() for model in models) + StaffMember.clusters.through.objects.count()


def test_it_loads_staff_training_and_practitioners_for_each_altai_cluster(client, db):
    call_command("load_demo", stdout=StringIO())
    client.force_login(User.objects.get(username="region"))
    for cluster in Cluster.objects.filter(region__code="22"):
        coverage = client.get(reverse("staff:coverage", args=[cluster.pk]), {"year": 2023}).context[
            "coverage"
        ]
        assert coverage.total >= 5 and 0 < coverage.trained < coverage.total, cluster.name
        assert coverage.missing and coverage.hours_by_format
    employers = {row["practitioner__organisation__short_name"] for row in coverage_rows(client)}
    assert employers == {"АО «БТК групп»", "Барнаульский ДСУ № 4"}


def coverage_rows(client):
    return client.get(reverse("staff:teachingassignment_list")).context["by_employer"]


def test_it_changes_nothing_on_a_second_run(db):
    call_command("load_demo", stdout=StringIO())
    before = history_count()
    call_command("load_demo", stdout=StringIO())
    assert history_count() == before
