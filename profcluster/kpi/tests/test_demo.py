import io

from django.core.management import call_command
from django.urls import reverse

from profcluster.accounts.models import User
from profcluster.kpi.models import Report, ReportValue, Target


def test_it_loads_the_demo_once_and_its_pages_open(db, client):
    call_command("load_demo", stdout=io.StringIO())
    statuses = dict(Report.objects.filter(period__year=2023).values_list("cluster__name", "status"))
    assert statuses == {
        "ОПЦ лёгкой промышленности": "approved",
        "ОПЦ машиностроения": "draft",
        "ОПЦ транспортной отрасли": "draft",
    }
    counts = (Target.objects.count(), ReportValue.objects.count(), Target.history.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Target.objects.count(), ReportValue.objects.count(), Target.history.count()) == counts
    client.force_login(User.objects.create_superuser("root", "root@example.invalid", "pw"))
    report = Report.objects.get(status="approved")
    assert client.get(report.get_absolute_url()).status_code == 200
    assert client.get(reverse("kpi:cluster", args=[report.cluster_id])).status_code == 200
    assert client.get(reverse("kpi:index")).status_code == 200
