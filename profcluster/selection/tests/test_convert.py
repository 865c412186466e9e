from decimal import Decimal

from django.urls import reverse

from profcluster.clusters.models import Cluster, Participation
from profcluster.finance.models import BudgetLine, BudgetRevision, CofinancingRule
from profcluster.governance.models import Programme
from profcluster.selection.models import Application


def selected(application, world):
    application.participants.create(organisation=world.employer_a, role=Participation.Role.KEY_EMPLOYER)
    application.activities.create(title="Оснащение мастерских", direction="infrastructure", year=2030)
    application.activities.create(title="Наставники", direction="mentors", year=2031)
    Application.objects.filter(pk=application.pk).update(status="selected")
    return application


def test_it_turns_a_selected_application_into_a_cluster(as_user, federal, application, world):
    selected(application, world)
    response = as_user(federal).post(reverse("selection:application_convert", args=[application.pk]))
    application.refresh_from_db()
    cluster = application.cluster
    assert response.status_code == 302 and response.url == cluster.get_absolute_url()
    assert (cluster.name, cluster.region, cluster.selection_year, cluster.kind) == (
        "ОПЦ швейной отрасли",
        world.region_a,
        2030,
        "opc",
    )
    roles = dict(cluster.participations.values_list("organisation__short_name", "role"))
    assert roles == {"Колледж А": "base_college", "Работодатель А": "key_employer"}
    revision = BudgetRevision.objects.get(cluster=cluster)
    assert (revision.year, revision.created_by) == (2030, federal)
    assert list(BudgetLine.objects.filter(revision=revision).values_list("source", "amount")) == [
        ("federal", Decimal("100000000.00"))
    ]
    programme = Programme.objects.get(cluster=cluster)
    assert sorted(programme.activities.values_list("title", flat=True)) == [
        "Наставники",
        "Оснащение мастерских",
    ]
    assert (programme.period_start.year, programme.period_end.year) == (2030, 2031)
    assert f"№ {application.pk}" in cluster.history.get().history_change_reason


def test_it_converts_only_selected_applications_and_only_once(as_user, federal, application, world):
    client, url = as_user(federal), reverse("selection:application_convert", args=[application.pk])
    client.post(url)
    assert Cluster.objects.count() == 3
    selected(application, world)
    client.post(url)
    client.post(url)
    assert Cluster.objects.count() == 4


def test_it_lets_nobody_but_the_federal_operator_convert(as_user, official, application, world):
    selected(application, world)
    response = as_user(official).post(reverse("selection:application_convert", args=[application.pk]))
    assert response.status_code == 404
    assert Cluster.objects.count() == 3


def test_it_leaves_nothing_behind_when_conversion_fails(as_user, federal, application, world):
    selected(application, world)
    # A cluster of that name already exists in the region: the whole conversion is undone.
    Application.objects.filter(pk=application.pk).update(cluster_name="Кластер А1")
    as_user(federal).post(reverse("selection:application_convert", args=[application.pk]))
    assert Cluster.objects.count() == 3 and not Programme.objects.exists()
    assert Application.objects.get(pk=application.pk).cluster is None


def test_it_writes_the_calls_minimum_shares_into_the_finance_rules(as_user, federal, official, call):
    rules = dict(CofinancingRule.objects.filter(selection_year=2030).values_list("basis", "min_percent"))
    assert rules == {"regional": Decimal("10.00"), "non_budget": Decimal("15.00")}
    data = {
        "year": 2030,
        "cluster_kind": "opc",
        "title": "Отбор 2030",
        "industries": [i.pk for i in call.industries.all()],
        "grant_size": "100 000 000",
        "min_regional_percent": "12.5",
        "min_non_budget_percent": "15",
        "opens_on": call.opens_on.isoformat(),
        "closes_on": call.closes_on.isoformat(),
        "disagreement_percent": "20",
        "is_published": "on",
        "change_reason": "Новые правила",
    }
    assert as_user(official).post(reverse("selection:call_edit", args=[call.pk]), data).status_code == 404
    assert as_user(federal).post(reverse("selection:call_edit", args=[call.pk]), data).status_code == 302
    rule = CofinancingRule.objects.get(selection_year=2030, basis="regional")
    assert rule.min_percent == Decimal("12.50")
    assert "Отбор 2030" in rule.history.first().history_change_reason
