import django_filters
from django.utils.translation import gettext_lazy as _

from profcluster.core.forms import FilterForm
from profcluster.governance.models import Activity


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))

    class Meta:
        model = Activity
        fields = ["direction", "status"]
        form = FilterForm
