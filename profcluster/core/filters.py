"""A list filter by a related record (a group, an organisation, a programme) that scales with the scope.

A regional official chooses among a few hundred groups from a select; the federal user's scope holds 40 000 of
them, and a select of every one made the students' list 2 MB of HTML that took most of a second to render and
could not be used anyway. So the filter renders a select while the scope is small and a search box otherwise,
in which the user types the name (or the number, the code) of the record. The query parameter and its meaning
stay those of `ModelChoiceFilter`: `?group=<pk>` from links and other pages works as before.

A typed value finds every record in the scope it names — two colleges may both have a group «КМ-22» — and the
list is filtered by all of them. A value that names nothing is an error on the form, and the list is empty
rather than unfiltered.

The API's filters by a related record (`RestrictedFilterSet`, through `FilterBackend`) keep to the gate too.
"""

import django_filters
from django import forms
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter
from django_filters.filters import QuerySetRequestMixin
from django_filters.rest_framework import DjangoFilterBackend, FilterSet

from profcluster.core.forms import PlainSelect
from profcluster.core.permissions import VIEW

# Above this many records in the user's scope the filter is a search box rather than a select. A select of 300
# options is about 15 KB of HTML and a few milliseconds to render, and still usable (browsers search a focused
# select by its first letters); the federal user's 40 000 groups were 2 MB, and nobody scrolls them.
SELECT_LIMIT = 300

# A typed value matching at most this many records filters the list by their keys, written into the query; one
# matching more (a common word in organisation names) filters by a subquery of the scope, which the database
# plans as well as a long list and the query stays small.
KEYS_LIMIT = 1000

EMPTY_LABEL = "---------"  # django-filter's, as the selects it replaces showed


class ReferenceBoundField(BoundField):
    """Renders the field as a select or a search box, deciding when (and only when) the form is rendered."""

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        if widget is None:
            widget = self.field.render_widget(self.data)
        return super().as_widget(widget=widget, attrs=attrs, only_initial=only_initial)

    def value(self):
        # A record chosen by its key is shown in the search box by its name, which finds it again when the
        # form is submitted.
        if self.form.is_bound and self.field.record is not None and self.field.renders_text:
            return self.field.text_of(self.field.record)
        return super().value()


class ReferenceField(forms.Field):
    """The form field of `ReferenceFilter`: its cleaned value is a non-empty list of keys, or a queryset."""

    widget = forms.TextInput

    def __init__(
        self,
        *,
        queryset,
        lookups,
        text_field=None,
        not_found=None,
        placeholder=None,
        empty_label=EMPTY_LABEL,
        **kwargs,
    ):
        self.queryset = queryset
        self.lookups = tuple(lookups)
        self.text_field = text_field
        self.not_found = not_found or _("No record «%(value)s» was found.")
        self.empty_label = empty_label
        super().__init__(**kwargs)
        self.widget.input_type = "search"
        if placeholder:
            self.widget.attrs["placeholder"] = placeholder
        self.record = None  # the record a key named, once cleaned
        self._head = None
        self.renders_text = False

    def __deepcopy__(self, memo):
        # Each form gets its own copy of the field: the state of one request stays with its form.
        result = super().__deepcopy__(memo)
        result.record = None
        result._head = None
        result.renders_text = False
        return result

    def get_bound_field(self, form, field_name):
        return ReferenceBoundField(form, self, field_name)

    def text_of(self, record) -> str:
        return str(getattr(record, self.text_field) if self.text_field else record)

    # --- Cleaning: a key (links, the select) or a typed name ----------------------------------------------

    def to_python(self, value):
        return value.strip() if isinstance(value, str) else value

    def clean(self, value):
        value = self.to_python(value)
        self.validate(value)
        if value in self.empty_values:
            return None
        value = str(value)
        if value.isdigit():
            # A key, as links and the select send it; a number that is no key in the scope may still be a
            # name, an INN or a code, so it is looked up as typed text next.
            record = self.queryset.filter(pk=value).first()
            if record is not None:
                self.record = record
                return [record.pk]
        matches = self.queryset.filter(self._typed(value)).order_by()
        if self.text_field:
            # A record's whole name, as the box shows it after a link, finds that record alone: a part of a
            # name would also find the longer ones («Кластер А» finds «Кластер А2»). Asked in the same query.
            exact = Q(**{f"{self.text_field}__iexact": value})
            found = list(
                matches.annotate(_exact=ExpressionWrapper(exact, output_field=BooleanField()))
                .order_by(F("_exact").desc(nulls_last=True))  # a record without the field: not exact
                .values_list("pk", "_exact")[: KEYS_LIMIT + 1]
            )
            if found and found[0][1]:
                matches = matches.filter(exact)
                found = [(pk, is_exact) for pk, is_exact in found if is_exact]
            keys = [pk for pk, _is_exact in found]
        else:
            keys = list(matches.values_list("pk", flat=True)[: KEYS_LIMIT + 1])
        if not keys:
            raise forms.ValidationError(self.not_found, code="not_found", params={"value": value})
        if len(keys) > KEYS_LIMIT:
            return matches.values("pk")
        return keys

    def _typed(self, value: str) -> Q:
        condition = Q()
        for lookup in self.lookups:
            condition |= Q(**{lookup: value})
        return condition

    def nothing(self) -> QuerySet:
        """The value when what was typed names nothing: the list is then empty rather than unfiltered."""
        return self.queryset.none()

    # --- Rendering ------------------------------------------------------------------------------------------

    def head(self) -> list:
        """The first SELECT_LIMIT + 1 records of the scope: the select's choices, or proof it is too long.

        One query, and only when the form is rendered: the API builds the same form without drawing it."""
        if self._head is None:
            self._head = list(self.queryset[: SELECT_LIMIT + 1])
        return self._head

    def render_widget(self, data) -> forms.Widget:
        head = self.head()
        attrs = dict(self.widget.attrs)
        typed = data not in self.empty_values and str(data).strip() not in {str(r.pk) for r in head}
        # A value that is not one of the select's options (typed into a link, say) stays visible as typed.
        self.renders_text = len(head) > SELECT_LIMIT or typed
        if self.renders_text:
            widget = forms.TextInput(attrs=attrs)
            widget.input_type = "search"
            return widget
        attrs.pop("placeholder", None)
        css = attrs.get("class", "").split()
        attrs["class"] = " ".join("form-select" if c == "form-control" else c for c in css) or "form-select"
        choices = [("", self.empty_label)] + [(r.pk, str(r)) for r in head]
        return PlainSelect(attrs=attrs, choices=choices)


class ReferenceFilter(QuerySetRequestMixin, django_filters.Filter):
    """A filter by a related record, as `ModelChoiceFilter`, that is a search box when the scope is large.

    `queryset` is the scope (a callable of the request, as `ModelChoiceFilter`'s, through `restrict()`);
    `lookups` the conditions a typed value is looked up by (`"name__iexact"`, `"inn"`, ...), any of which
    finds a record; `text_field` what the search box shows for a record chosen by its key (its `str()` by
    default), best one of the lookups so that sending the form again finds it; `not_found` the error, with
    `%(value)s`. The list is filtered by every record found: a `method` gets a list (or queryset) of keys.
    """

    field_class = ReferenceField

    def __init__(self, *args, lookups, text_field=None, not_found=None, placeholder=None, **kwargs):
        kwargs.update(lookups=lookups, text_field=text_field, not_found=not_found, placeholder=placeholder)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        if self.distinct:
            qs = qs.distinct()
        return self.get_method(qs)(**{f"{self.field_name}__in": value})


class RestrictedFilterSet(FilterSet):
    """The API's filters by a related record (`?group=<id>`) choose within the gate, as its serializers do:
    an id the caller may not see is "not one of the choices", the answer to an id that does not exist. A
    filter over every record answered it with an empty page, which told the caller that the id exists."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        for declared in self.filters.values():  # this instance's copies
            queryset = getattr(declared, "queryset", None)
            if (
                user is not None
                and isinstance(declared, ModelChoiceFilter | ModelMultipleChoiceFilter)
                and hasattr(queryset, "restrict")
            ):
                declared.queryset = queryset.restrict(user, VIEW)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, its filter sets made from `filterset_fields` on `RestrictedFilterSet`. The
    API's (settings.REST_FRAMEWORK); kept here, not in core.api, which DRF's settings would import before
    DRF itself is loaded."""

    filterset_base = RestrictedFilterSet
