"""Every route × every persona: the gate decides, and nothing out of scope leaks.

The routes are read from the URL configuration, so a route added later is tested at once; a route whose
object the test cannot work out fails with a request to add it to OBJECT_ROUTES below. Expectations come
from the gate itself: a persona that may not see the object must get 404 (or 403/405), one that may see it
must not get 404 or a server error, and a page must never name a cluster the persona may not see.
"""

import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.generic import DeleteView, DetailView, UpdateView

from profcluster.accounts.models import User
from profcluster.clusters.models import Cluster
from profcluster.imports.models import ExportJob, ImportJob

PERSONAS = ["federal", "region", "cluster", "employer", "outsider"]

# Routes anybody may open without signing in.
PUBLIC = {"login", "set_language", "api-schema", "api-docs"}
PUBLIC_PREFIXES = (
    "selection:showcase",
    "selection:open_data",
    "selection:public",
    "governance:calendar_feed",
)
# Django's own admin has its own staff-only gate; the API's root and schema list routes, not rows.
SKIPPED_PREFIXES = ("admin:", "logout")


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern), pattern


def routes():
    seen = set()
    for name, route, pattern in walk(get_resolver().url_patterns):
        if name in seen or name.startswith(SKIPPED_PREFIXES) or "format" in route:
            continue
        seen.add(name)
        yield name, route, pattern


def model_of(pattern):
    """The model whose row a `pk` names — only where that is certain: an object's own page or API route."""
    callback = pattern.callback
    viewset = getattr(callback, "cls", None)
    if viewset is not None and getattr(viewset, "queryset", None) is not None:
        return viewset.queryset.model
    view = getattr(callback, "view_class", None)
    if view is not None and issubclass(view, DetailView | UpdateView | DeleteView):
        return view.model
    return None


@pytest.fixture
def demo(db):
    # The demo data has every kind of record in Altai Krai, and an outsider region with none of it.
    call_command("load_demo", stdout=StringIO())
    return {username: User.objects.get(username=username) for username in PERSONAS}


def clusters_hidden_from(user):
    return set(
        Cluster.objects.exclude(pk__in=Cluster.objects.restrict(user, "view")).values_list("name", flat=True)
    )


def kwargs_and_object(name, route, pattern):
    params = re.findall(r"<(?:\w+:)?(\w+)>", route)
    if not params:
        return {}, None
    if name in OBJECT_ROUTES:
        return OBJECT_ROUTES[name]()
    model = model_of(pattern)
    if params == ["pk"] and model is not None:
        obj = model.objects.order_by("pk").first()
        # With no demo row of the model, the route must still answer a missing row without a server error.
        return ({"pk": obj.pk}, obj) if obj is not None else ({"pk": 10**9}, None)
    return None, None


def row(label: str, **extra):
    """The first row of a model (demo rows of Altai Krai come first), as the route's `pk`."""

    def build():
        obj = apps.get_model(label).objects.order_by("pk").first()
        if obj is None:  # the demo has none: the route must still answer without a server error
            return {"pk": 10**9, **extra}, None
        return {"pk": obj.pk, **extra}, obj

    return build


def period(**extra):
    """A cluster route that also names a reporting period (and perhaps an indicator)."""

    def build():
        kwargs, cluster = cluster_route()()
        kwargs["period_pk"] = apps.get_model("kpi.ReportingPeriod").objects.order_by("pk").first().pk
        for name, label in extra.items():
            kwargs[name] = apps.get_model(label).objects.order_by("pk").first().pk
        return kwargs, cluster

    return build


def cluster_route(**extra):
    def build():
        cluster = Cluster.objects.get(name="ОПЦ лёгкой промышленности")
        return {"pk": cluster.pk, **extra}, cluster

    return build


def import_job():
    job = ImportJob.objects.create(
        user=User.objects.get(username="region"),
        register="organisations",
        filename="x.csv",
        content=b"a;b",
        status=ImportJob.Status.CHECKED,
    )
    return {"pk": job.pk}, job


def export_job():
    # A finished job without its file: the gate is tested, not the disk.
    job = ExportJob.objects.create(
        user=User.objects.get(username="region"),
        title="Организации",
        path="/organisations/",
        format="csv",
        language="ru",
        status=ExportJob.Status.DONE,
    )
    return {"pk": job.pk}, job


def history_route(label):
    obj = apps.get_model(label).objects.order_by("pk").first()
    if obj is None:  # the demo has none: the route must still answer without a server error
        return {"pk": 10**9, "history_id": 10**9}, None
    return {"pk": obj.pk, "history_id": obj.history.first().history_id}, obj


def no_row(**kwargs):
    return lambda: (kwargs, None)


OBJECT_ROUTES = {
    "finance:cluster": cluster_route(),
    "finance:budget_revisions": cluster_route(year=2022),
    "finance:budget_edit": cluster_route(year=2022),
    "finance:commitment_add": cluster_route(),
    "finance:payment_add": cluster_route(),
    "finance:payment_verify": row("finance.Payment"),
    "finance:payment_accept": row("finance.Payment"),
    "finance:entry_confirm": row("finance.Commitment", kind="commitment"),
    "finance:commitment_restore": lambda: history_route("finance.Commitment"),
    "finance:payment_restore": lambda: history_route("finance.Payment"),
    "clusters:participation_add": cluster_route(),
    "organisations:person_add": row("organisations.Organisation"),
    "governance:programme_add": cluster_route(),
    "governance:meeting_add": cluster_route(),
    "governance:boardmember_add": row("governance.Board"),
    "governance:programme_revise": row("governance.Programme"),
    "governance:programme_document": row("governance.Programme", kind="plan", year=2023, fmt="docx"),
    "governance:activity_add": row("governance.Programme"),
    "governance:evidence_add": row("governance.Activity"),
    "governance:evidence_download": row("governance.ActivityEvidence"),
    "governance:evidence_delete": row("governance.ActivityEvidence"),
    "governance:milestone_add": row("governance.Activity"),
    "governance:meeting_minutes": row("governance.Meeting", fmt="docx"),
    "governance:agendaitem_add": row("governance.Meeting"),
    "governance:attendance_edit": row("governance.Meeting"),
    "governance:decision_add": row("governance.Meeting"),
    "governance:assignment_add": row("governance.Decision"),
    "governance:calendar_feed": no_row(token="not-a-token"),
    "staff:trainingrecord_add": row("staff.StaffMember"),
    "staff:trainingrecord_scan": row("staff.TrainingRecord"),
    "staff:teachingassignment_add": row("staff.StaffMember"),
    "staff:coverage": cluster_route(),
    "staff:coverage_xlsx": cluster_route(),
    "education:cluster": cluster_route(),
    "education:employer": row(
        "organisations.Organisation",
    ),
    "education:group_add": row("education.EducationalProgramme"),
    "education:student_add": row("education.Group"),
    "education:placement_add": row("education.Group"),
    "education:contract_add": row("education.Student"),
    "education:demoexam_add": row("education.Student"),
    "education:employment_add": row("education.Student"),
    "education:placement_confirm": row("education.Placement"),
    "selection:showcase_detail": cluster_route(),
    "selection:criterion_add": row("selection.SelectionCall"),
    "selection:application_transition": row("selection.Application"),
    "selection:application_convert": row("selection.Application"),
    "selection:assignment_add": row("selection.Application"),
    "selection:participant_add": row("selection.Application"),
    "selection:programme_add": row("selection.Application"),
    "selection:budgetline_add": row("selection.Application"),
    "selection:activity_add": row("selection.Application"),
    "selection:attachment_add": row("selection.Application"),
    "selection:attachment_download": row("selection.Attachment"),
    "selection:attachment_delete": row("selection.Attachment"),
    "selection:expert_edit": row("selection.Expert"),
    "selection:assignment_score": row("selection.ExpertAssignment"),
    "kpi:region": lambda: ({"pk": Cluster.objects.get(name="ОПЦ лёгкой промышленности").region_id}, None),
    "kpi:cluster": cluster_route(),
    "kpi:passport": cluster_route(fmt="pdf"),
    "kpi:targets": cluster_route(year=2023),
    "kpi:target_history": row("kpi.Target"),
    "kpi:target_restore": lambda: history_route("kpi.Target"),
    "kpi:report": period(),
    "kpi:report_submit": period(),
    "kpi:report_approve": period(),
    "kpi:report_return": period(),
    "kpi:report_accept": period(),
    "kpi:lock_exception_add": period(),
    "kpi:manual_value": period(indicator_pk="kpi.Indicator"),
    "kpi:evidence": row("kpi.ManualValue"),
    "kpi:manual_value_restore": lambda: history_route("kpi.ManualValue"),
    "kpi:job": row("kpi.ReportJob"),
    "kpi:job_download": row("kpi.ReportJob"),
    "kpi:period_snapshot": row("kpi.ReportingPeriod"),
    "imports:upload": no_row(slug="organisations"),
    "imports:template": no_row(slug="organisations"),
    "imports:job": import_job,
    "imports:apply": import_job,
    "imports:export": export_job,
    "imports:export_download": export_job,
}


def is_public(name: str) -> bool:
    return name in PUBLIC or name.startswith(PUBLIC_PREFIXES)


def expect(client, name, url, obj, user):
    response = client.get(url)
    status = response.status_code
    if status == 405:
        status = client.post(url).status_code
    assert status < 500, f"{url}: server error {status}"
    if obj is not None and hasattr(type(obj).objects, "restrict") and not is_public(name):
        visible = type(obj).objects.restrict(user, "view").filter(pk=obj.pk).exists()
        if not visible:
            assert status in (403, 404, 405), f"{url}: {status} for a persona that may not see {obj!r}"
    if status == 200 and response.get("Content-Type", "").startswith("text/html") and not is_public(name):
        leaked = [cluster for cluster in clusters_hidden_from(user) if cluster in response.text]
        assert not leaked, f"{url} names clusters out of scope: {leaked}"


def test_it_knows_the_object_of_every_route(demo):
    unknown = [
        name for name, route, pattern in routes() if kwargs_and_object(name, route, pattern)[0] is None
    ]
    assert unknown == [], "add these routes to OBJECT_ROUTES in the access matrix test"


def test_it_lets_the_gate_decide_every_route_for_every_persona(demo, client):
    for persona in PERSONAS:
        user = demo[persona]
        client.force_login(user)
        for name, route, pattern in routes():
            kwargs, obj = kwargs_and_object(name, route, pattern)
            if kwargs is not None:
                expect(client, name, reverse(name, kwargs=kwargs), obj, user)


def test_it_sends_anonymous_visitors_to_sign_in_everywhere_but_public_pages(demo, client):
    for name, route, pattern in routes():
        kwargs, _obj = kwargs_and_object(name, route, pattern)
        if kwargs is None or is_public(name):
            continue
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        assert response.status_code in (302, 401, 403), f"{url}: {response.status_code} without signing in"
        if response.status_code == 302:
            assert response.url.startswith(reverse("login")), f"{url} redirects to {response.url}"
