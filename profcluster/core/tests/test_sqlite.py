"""SQLite folds the case of every alphabet, as PostgreSQL does: searches and imports in Cyrillic behave alike
in development and in production."""

import pytest
from django.db import connection
from django.db.models.functions import Lower, Upper

from profcluster.core.sqlite import like
from profcluster.organisations.models import Organisation


@pytest.mark.parametrize(
    ("pattern", "value", "escape", "matches"),
    [
        ("%иванов%", "Петр ИВАНОВ", None, True),
        ("КМ-22", "км-22", None, True),
        ("км-2_", "КМ-23", None, True),
        ("км-2_", "КМ-234", None, False),
        ("колледж%", "Барнаульский колледж", None, False),
        ("%\\%", "рост 100%", "\\", True),
        ("%\\%", "рост 100", "\\", False),
        ("a\\_b", "a_b", "\\", True),
        ("a\\_b", "axb", "\\", False),
        ("%", "строка\nещё строка", None, True),
        ("%.%", "a.b", None, True),  # a regular expression's own characters are plain ones here
        ("%.%", "ab", None, False),
    ],
)
def test_like_folds_every_alphabet_and_keeps_the_wildcards_and_escapes(pattern, value, escape, matches):
    assert like(pattern, value, escape) is matches


def test_like_of_null_is_null():
    assert like(None, "a") is None and like("a", None) is None


only_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL folds case itself")


@only_sqlite
def test_the_database_finds_a_name_in_cyrillic_whatever_its_case(world):
    found = Organisation.objects.filter(short_name__icontains="колледж")
    assert set(found.values_list("short_name", flat=True)) == {"Колледж А", "Колледж А2", "Колледж Б"}
    assert Organisation.objects.filter(short_name__iexact="колледж а").get() == world.college_a
    assert Organisation.objects.filter(short_name__istartswith="РАБОТОДАТЕЛЬ").get() == world.employer_a
    folded = Organisation.objects.annotate(up=Upper("short_name"), down=Lower("short_name"))
    assert folded.get(pk=world.college_b.pk).up == "КОЛЛЕДЖ Б"
    assert folded.get(pk=world.college_b.pk).down == "колледж б"


@only_sqlite
def test_the_organisation_list_finds_what_was_typed_in_lower_case(as_user, federal, world):
    page = as_user(federal).get("/organisations/", {"q": "работодатель"})
    assert page.status_code == 200
    assert "Работодатель А" in page.content.decode() and "Колледж Б" not in page.content.decode()
