import re

from django import forms

from profcluster.core.forms import PlainSelect


def _tags(markup: str) -> str:
    return re.sub(r">\s+<", "><", markup).strip()


def test_it_writes_the_select_django_would_write():
    choices = [("", "---------"), ("a", "A & B"), ("Группа", [("g1", "Г1"), ("g2", "Г2")])]
    attrs = {"class": "form-select is-invalid", "aria-invalid": "true"}
    ours = PlainSelect(attrs=attrs, choices=choices).render("kind", "g2", attrs={"id": "id_kind"})
    theirs = forms.Select(attrs=attrs, choices=choices).render("kind", "g2", attrs={"id": "id_kind"})
    assert _tags(ours) == _tags(theirs)
    assert "A &amp; B" in ours and '<option value="g2" selected>' in ours


def test_it_keeps_the_filter_choice_on_the_list(as_user, federal, world):
    response = as_user(federal).get("/clusters/", {"region": world.cluster_a.region_id})
    assert f'<option value="{world.cluster_a.region_id}" selected>' in response.text
