from io import StringIO

from django.core.management import call_command

from profcluster.accounts.models import User
from profcluster.clusters.models import Cluster, Participation
from profcluster.organisations.models import Organisation, Person


def history_count() -> int:
    models = (Organisation, Person, Cluster, Participation, User)
    return sum(model.history.count() for model in models)


def test_it_loads_the_altai_krai_seed(db):
    call_command("load_demo", stdout=StringIO())
    clusters = {c.name: c for c in Cluster.objects.select_related("base_organisation", "industry")}
    light = clusters["ОПЦ лёгкой промышленности"]
    assert (light.selection_year, light.base_organisation.short_name) == (
        2022,
        "Алтайская академия гостеприимства",
    )
    assert light.participations.filter(
        organisation__short_name="АО «БТК групп»", role="key_employer"
    ).exists()
    transport = clusters["ОПЦ транспортной отрасли"]
    assert transport.participations.filter(organisation__short_name="Барнаульский ДСУ № 4").exists()
    assert Person.objects.filter(
        surname="Синицына", organisation__short_name="Минобрнауки Алтайского края"
    ).exists()


def test_it_changes_nothing_on_a_second_run(db):
    call_command("load_demo", stdout=StringIO())
    before = history_count()
    call_command("load_demo", stdout=StringIO())
    assert history_count() == before


def test_it_gives_each_persona_its_scope(db):
    call_command("load_demo", stdout=StringIO())
    visible = {
        username: sorted(
            c.name for c in Cluster.objects.restrict(User.objects.get(username=username), "view")
        )
        for username in ("region", "employer", "outsider", "federal")
    }
    assert len(visible["region"]) == 3 and visible["federal"] == visible["region"]
    assert visible["employer"] == ["ОПЦ транспортной отрасли"]
    assert visible["outsider"] == []
