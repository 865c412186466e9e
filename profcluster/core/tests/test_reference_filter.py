"""The reference filter (core.filters): a select for a small scope, a search box for a large one."""

import django_filters
import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from profcluster.clusters.models import Participation
from profcluster.core import filters as reference
from profcluster.core.filters import ReferenceFilter
from profcluster.core.forms import FilterForm
from profcluster.core.permissions import VIEW
from profcluster.organisations.models import Organisation


class ParticipationFilter(django_filters.FilterSet):
    organisation = ReferenceFilter(
        label="Организация",
        queryset=lambda request: Organisation.objects.restrict(request.user, VIEW),
        lookups=["short_name__icontains", "inn"],
        text_field="short_name",
        not_found="Организация «%(value)s» не найдена.",
        placeholder="Название или ИНН",
    )

    class Meta:
        model = Participation
        fields = ["organisation"]
        form = FilterForm


def built(user, **data):
    request = RequestFactory().get("/", data)
    request.user = user
    return ParticipationFilter(data or None, queryset=Participation.objects.all(), request=request)


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(reference, "SELECT_LIMIT", 2)


def test_it_renders_a_select_while_the_scope_is_small(official, world):
    html = str(built(official).form["organisation"])
    assert html.startswith('<select name="organisation" class="form-select" id="id_organisation">')
    assert '<option value="" selected>---------</option>' in html
    assert f'<option value="{world.employer_a.pk}">Работодатель А</option>' in html
    assert "Колледж Б" not in html  # another region's college is no option
    chosen = str(built(official, organisation=world.college_a.pk).form["organisation"])
    assert f'<option value="{world.college_a.pk}" selected>Колледж А</option>' in chosen


def test_it_renders_a_search_box_above_the_limit(official, world, small_limit):
    html = str(built(official).form["organisation"])
    assert html == (
        '<input type="search" name="organisation" placeholder="Название или ИНН" class="form-control"'
        ' id="id_organisation">'
    )
    # A key from a link is shown by the record's name, which finds it again when the form is sent.
    chosen = str(built(official, organisation=world.college_a.pk).form["organisation"])
    assert 'value="Колледж А"' in chosen


def test_it_finds_every_record_a_typed_value_names_in_the_scope(official, outsider, world):
    both = built(official, organisation="Колледж")
    assert both.is_valid()
    assert set(both.qs.values_list("organisation", flat=True)) == {world.college_a.pk, world.college_a2.pk}
    assert set(built(official, organisation=world.employer_a.inn).qs) == set(
        Participation.objects.filter(organisation=world.employer_a)
    )
    # A name outside the scope is not found, whoever has it: the gate decides what a name may find.
    elsewhere = built(outsider, organisation="Колледж А")
    assert not elsewhere.is_valid()
    assert not elsewhere.qs.exists()


def test_a_whole_name_finds_that_record_alone(official, world, monkeypatch):
    # «Колледж А» is the box's text after a link to it: sent again, it must not also find «Колледж А2».
    whole = built(official, organisation="Колледж А")
    assert set(whole.qs.values_list("organisation", flat=True)) == {world.college_a.pk}
    monkeypatch.setattr(reference, "KEYS_LIMIT", 0)  # and by a subquery when there are many
    assert set(built(official, organisation="Колледж А").qs.values_list("organisation", flat=True)) == {
        world.college_a.pk
    }


def test_it_reports_a_name_that_finds_nothing_and_shows_no_rows(official, world, small_limit):
    found = built(official, organisation="Нет такой")
    assert found.form.errors == {"organisation": ["Организация «Нет такой» не найдена."]}
    assert list(found.qs) == []  # not the unfiltered list, as if the filter were not there
    html = str(found.form["organisation"])
    assert 'value="Нет такой"' in html and "is-invalid" in html and 'aria-invalid="true"' in html


def test_it_filters_by_a_subquery_when_a_name_finds_many(official, world, monkeypatch):
    monkeypatch.setattr(reference, "KEYS_LIMIT", 1)
    many = built(official, organisation="Колледж")
    assert set(many.qs.values_list("organisation", flat=True)) == {world.college_a.pk, world.college_a2.pk}


def test_a_number_that_is_no_key_is_looked_up_as_typed(official, world):
    by_inn = built(official, organisation=world.college_a2.inn)
    assert set(by_inn.qs.values_list("organisation", flat=True)) == {world.college_a2.pk}


def test_it_queries_nothing_until_the_form_is_rendered(official, world, small_limit):
    unbound = built(official)
    official.scope(VIEW)  # the user's roles, read once per request whatever the filters
    with CaptureQueriesContext(connection) as nothing:
        unbound.form.is_valid()
        str(unbound.qs.query)
    assert nothing.captured_queries == []
    # A key costs the one look-up ModelChoiceFilter made; rendering, one query for the scope's first records.
    bound = built(official, organisation=world.college_a.pk)
    with CaptureQueriesContext(connection) as cleaning:
        assert bound.is_valid()
    with CaptureQueriesContext(connection) as rendering:
        str(bound.form["organisation"])
        str(bound.form["organisation"])
    assert (len(cleaning.captured_queries), len(rendering.captured_queries)) == (1, 1)
