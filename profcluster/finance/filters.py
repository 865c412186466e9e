import django_filters
from django.utils.translation import gettext_lazy as _

from profcluster.clusters.filters import cluster_filter
from profcluster.core.forms import FilterForm
from profcluster.finance.models import Commitment, Confirmation, Payment, Source
from profcluster.reference.models import Region


class LedgerFilter(django_filters.FilterSet):
    cluster = cluster_filter()
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), field_name="cluster__region", queryset=Region.objects.all()
    )
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Source.choices)
    confirmation = django_filters.ChoiceFilter(label=_("Confirmation"), choices=Confirmation.choices)


class CommitmentFilter(LedgerFilter):
    class Meta:
        model = Commitment
        fields = ["cluster", "region", "year", "source", "category", "confirmation"]
        form = FilterForm


class PaymentFilter(LedgerFilter):
    without_commitment = django_filters.BooleanFilter(
        label=_("Without a commitment"), field_name="commitment", lookup_expr="isnull"
    )

    class Meta:
        model = Payment
        fields = [
            "cluster",
            "region",
            "year",
            "source",
            "category",
            "stage",
            "confirmation",
            "without_commitment",
        ]
        form = FilterForm
