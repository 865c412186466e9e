import io

import pytest
from django.core.management import CommandError, call_command

from profcluster.clusters.models import Cluster
from profcluster.core.identifiers import is_valid_inn
from profcluster.education.models import Student
from profcluster.finance.models import Commitment, Payment
from profcluster.kpi.models import Indicator, Report, ReportingPeriod, ReportTransition, ReportValue, Target
from profcluster.organisations.models import Organisation


@pytest.mark.django_db
def test_it_generates_a_tiny_country_with_valid_identifiers_and_refuses_a_second_run():
    out = io.StringIO()
    call_command("generate_country", scale=0.001, seed=7, stdout=out)

    assert "finance:" in out.getvalue()
    assert Cluster.objects.count() == 1
    assert Student.objects.count() == 1000
    assert Commitment.objects.count() + Payment.objects.count() == 2000
    inns = list(Organisation.objects.values_list("inn", flat=True))
    assert all(is_valid_inn(inn) for inn in inns) and len(set(inns)) == len(inns)
    cluster = Cluster.objects.get()
    assert cluster.base_organisation.kind == Organisation.Kind.COLLEGE
    # A reported year and its quarters behind the open one: accepted reports with every value frozen.
    assert [str(p) for p in ReportingPeriod.objects.order_by("-year", "kind", "quarter")] == [
        "2025 год", "1 квартал 2024 года", "2 квартал 2024 года", "3 квартал 2024 года",
        "4 квартал 2024 года", "2024 год",
    ]  # fmt: skip
    indicators = Indicator.objects.filter(active=True)
    quarterly = indicators.filter(periodicity="quarter").count()
    assert set(Report.objects.values_list("status", flat=True)) == {"accepted"}
    assert ReportValue.objects.count() == indicators.count() + 4 * quarterly
    assert ReportTransition.objects.filter(to_status="accepted").count() == Report.objects.count() == 5
    assert Target.objects.filter(year=2026).count() == indicators.count()
    with pytest.raises(CommandError):
        call_command("generate_country", scale=0.001, stdout=io.StringIO())
    call_command("generate_country", scale=0.001, seed=8, append=True, stdout=io.StringIO())
    assert Cluster.objects.count() == 2
    assert Report.objects.count() == 10 and ReportingPeriod.objects.count() == 6
