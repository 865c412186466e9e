import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profcluster.core.forms import FilterForm
from profcluster.organisations.models import Organisation


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Organisation
        fields = ["kind", "region"]
        form = FilterForm

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(short_name__icontains=value) | Q(full_name__icontains=value) | Q(inn__startswith=value.strip())
        )
