import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profcluster.clusters.models import Cluster
from profcluster.core.forms import FilterForm


class ClusterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Cluster
        fields = ["region", "industry", "kind", "selection_year", "status"]
        form = FilterForm

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(brand_name__icontains=value)
            | Q(base_organisation__short_name__icontains=value)
        )
