"""Practitioners' delivered hours count toward the teaching the employer pledged on its participation."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from profcluster.accounts.models import User
from profcluster.clusters.models import Participation
from profcluster.staff.models import TeachingAssignment
from profcluster.staff.services import practitioner_hours


def test_it_sets_delivered_hours_beside_the_pledge(db, client):
    call_command("load_demo", stdout=StringIO())
    assignment = TeachingAssignment.objects.select_related("practitioner__organisation", "cluster").first()
    employer, cluster = assignment.practitioner.organisation, assignment.cluster
    Participation.objects.filter(cluster=cluster, organisation=employer).update(
        teaching_hours_pledged=100_000
    )
    rows = practitioner_hours(
        TeachingAssignment.objects.filter(practitioner__organisation=employer, cluster=cluster)
    )
    assert [(row["cluster_id"], row["pledged"]) for row in rows] == [(cluster.pk, 100_000)]
    assert rows[0]["delivered"] < 100_000
    client.force_login(User.objects.get(username="region"))
    page = client.get(reverse("staff:employer_detail", args=[employer.pk]))
    assert "100000" in page.text and "text-bg-warning" in page.text
