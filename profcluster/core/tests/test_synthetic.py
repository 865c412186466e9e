import io

import pytest
from django.core.management import CommandError, call_command

from profcluster.clusters.models import Cluster
from profcluster.core.identifiers import is_valid_inn
from profcluster.education.models import Student
from profcluster.finance.models import Commitment, Payment
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
    with pytest.raises(CommandError):
        call_command("generate_country", scale=0.001, stdout=io.StringIO())
    call_command("generate_country", scale=0.001, seed=8, append=True, stdout=io.StringIO())
    assert Cluster.objects.count() == 2
