import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profcluster.clusters.models import Cluster
from profcluster.core.filters import ReferenceFilter
from profcluster.core.forms import FilterForm
from profcluster.core.permissions import VIEW


def visible_clusters(request):
    return Cluster.objects.restrict(getattr(request, "user", None), VIEW)


def cluster_filter(**kwargs) -> ReferenceFilter:
    """The lists' filter by a cluster: a select in a region's scope, a search box in the country's 600
    clusters, whose select was 50 KB of every federal list page (see core.filters). A cluster has no
    number: it is found by a part of its name or brand name, as organisations are by theirs."""
    return ReferenceFilter(
        label=_("Cluster"),
        queryset=visible_clusters,
        lookups=["name__icontains", "brand_name__icontains"],
        text_field="name",
        not_found=_("Cluster «%(value)s» was not found."),
        placeholder=_("Cluster name"),
        **kwargs,
    )


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
