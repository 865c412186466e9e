import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profcluster.core.forms import FilterForm
from profcluster.reference.models import Industry, Region
from profcluster.selection.models import Application, ClusterShowcase, SelectionCall


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Application
        fields = ["call", "region", "status"]
        form = FilterForm

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(cluster_name__icontains=value) | Q(base_college__short_name__icontains=value)
        )


class SelectionCallFilter(django_filters.FilterSet):
    class Meta:
        model = SelectionCall
        fields = ["year", "cluster_kind"]
        form = FilterForm


class ShowcaseFilter(django_filters.FilterSet):
    """The public list's filters. Choices are reference lists, which are public anyway."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    industry = django_filters.ModelChoiceFilter(
        label=_("Industry"), field_name="cluster__industry", queryset=Industry.objects.all()
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), field_name="cluster__region", queryset=Region.objects.all()
    )

    class Meta:
        model = ClusterShowcase
        fields = ["q", "industry", "region"]
        form = FilterForm

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(cluster__name__icontains=value)
            | Q(cluster__brand_name__icontains=value)
            | Q(cluster__base_organisation__short_name__icontains=value)
            | Q(public_description__icontains=value)
            | Q(cluster__educational_programmes__code__icontains=value)
            | Q(cluster__educational_programmes__name__icontains=value)
        ).distinct()
