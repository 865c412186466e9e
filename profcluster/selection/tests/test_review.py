from decimal import Decimal

from django.urls import reverse

from profcluster.clusters.models import Participation
from profcluster.selection.models import Application, ExpertAssignment, Score
from profcluster.selection.tests.conftest import Role, make_application, make_expert


def under_review(application):
    Application.objects.filter(pk=application.pk).update(status="under_review")


def assign(client, application, expert):
    return client.post(reverse("selection:assignment_add", args=[application.pk]), {"expert": expert.pk})


def score(client, assignment, first, second):
    criteria = list(assignment.application.call.criteria.all())
    data = {f"score_{criteria[0].pk}": first, f"score_{criteria[1].pk}": second}
    data |= {f"comment_{c.pk}": "" for c in criteria}
    return client.post(reverse("selection:assignment_score", args=[assignment.pk]), data)


def test_it_refuses_an_expert_from_the_applying_region(as_user, federal, application, world):
    under_review(application)
    by_role = make_expert("regional", role=Role.REGIONAL, scope={"region": world.region_a})
    by_profile = make_expert("local", region=world.region_a)
    client = as_user(federal)
    assign(client, application, by_role)
    assign(client, application, by_profile)
    assert not ExpertAssignment.objects.exists()


def test_it_refuses_an_expert_from_an_organisation_of_the_application(as_user, federal, application, world):
    under_review(application)
    # College B is of region B, but takes part in the application: its staff are not independent.
    application.participants.create(organisation=world.college_b, role=Participation.Role.COLLEGE)
    by_role = make_expert("member", role=Role.ORGANISATION, scope={"organisation": world.college_b})
    assign(as_user(federal), application, by_role)
    assert not ExpertAssignment.objects.exists()
    response = as_user(federal).get(application.get_absolute_url())
    assert by_role not in response.context["assignment_form"].fields["expert"].queryset


def test_it_assigns_an_independent_expert(as_user, federal, application, experts):
    under_review(application)
    assert assign(as_user(federal), application, experts[0]).status_code == 302
    assert list(ExpertAssignment.objects.values_list("expert", flat=True)) == [experts[0].pk]


def test_it_computes_totals_spread_and_ranking_in_the_database(as_user, federal, call, world, experts):
    # Criteria: weight 3 on 0..10 and weight 2 on 0..5; the maximum total is 3·10 + 2·5 = 40.
    first = make_application(call, world, name="Первая")
    second = make_application(call, world, name="Вторая")
    for application in (first, second):
        under_review(application)
        for expert in experts:
            ExpertAssignment.objects.create(application=application, expert=expert)
    sheets = {(a.application.cluster_name, a.expert.user.username): a for a in ExpertAssignment.objects.all()}
    score(as_user(experts[0].user), sheets["Первая", "expert1"], 8, 4)  # 3·8 + 2·4 = 32
    score(as_user(experts[1].user), sheets["Первая", "expert2"], 6, 2)  # 3·6 + 2·2 = 22
    score(as_user(experts[0].user), sheets["Вторая", "expert1"], 10, 5)  # 40
    score(as_user(experts[1].user), sheets["Вторая", "expert2"], 9, 5)  # 37
    ranking = as_user(federal).get(call.get_absolute_url()).context["ranking"]
    rows = [(a.cluster_name, a.rank, a.total, a.spread, bool(a.disagreement)) for a in ranking]
    # Spread 10 > 20 % of 40 = 8 is flagged; spread 3 is not.
    assert rows == [
        ("Вторая", 1, Decimal("38.50"), Decimal("3.00"), False),
        ("Первая", 2, Decimal("27.00"), Decimal("10.00"), True),
    ]
    assert ranking[0].max_total == Decimal("40.00")


def test_it_refuses_a_score_above_the_maximum(as_user, application, experts):
    under_review(application)
    assignment = ExpertAssignment.objects.create(application=application, expert=experts[0])
    response = score(as_user(experts[0].user), assignment, 11, 5)
    assert response.status_code == 200 and response.context["form"].errors
    assert not Score.objects.exists()


def test_it_shows_an_expert_only_its_own_sheet(as_user, application, experts, outsider):
    under_review(application)
    assignment = ExpertAssignment.objects.create(application=application, expert=experts[0])
    assert score(as_user(experts[1].user), assignment, 5, 5).status_code == 404
    assert as_user(experts[0].user).get(application.get_absolute_url()).status_code == 200
    assert as_user(experts[1].user).get(application.get_absolute_url()).status_code == 404
    assert not Score.objects.exists()


def test_it_takes_scores_only_while_under_review(as_user, application, experts):
    Application.objects.filter(pk=application.pk).update(status="submitted")
    assignment = ExpertAssignment.objects.create(application=application, expert=experts[0])
    response = score(as_user(experts[0].user), assignment, 5, 5)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Score.objects.exists()
