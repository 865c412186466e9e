"""Russian is the interface's default language: every string of the interface must have a translation."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(PACKAGE.glob("*/locale/ru/LC_MESSAGES/django.po"))


def entries():
    """(flags, msgid, msgstr) of every entry but the header, from the .po file's plain-text format."""
    for catalogue in CATALOGUES:
        yield from catalogue_entries(catalogue)


def catalogue_entries(catalogue):
    for block in catalogue.read_text(encoding="utf-8").split("\n\n")[1:]:
        parts = {"msgid": "", "msgstr": ""}
        current = None
        for line in block.splitlines():
            keyword = re.match(r'^(msgid|msgstr)(?:\[\d\])? "(.*)"$', line)
            if keyword:
                current = keyword.group(1)
                parts[current] += keyword.group(2)
            elif line.startswith('"') and current:
                parts[current] += line[1:-1]
        yield block, parts["msgid"], parts["msgstr"]


def test_it_has_a_russian_catalogue_for_every_app():
    apps = sorted(path.parent.name for path in PACKAGE.glob("*/apps.py"))
    assert [path.parents[3].name for path in CATALOGUES] == apps


def test_it_translates_every_interface_string_into_russian():
    missing = [msgid for block, msgid, msgstr in entries() if not msgstr or "#, fuzzy" in block]
    assert missing == []


def test_it_keeps_placeholders_in_translations():
    for _, msgid, msgstr in entries():
        # Sets, not lists: a plural entry's msgstr joins all its forms.
        assert set(re.findall(r"%\(\w+\)s", msgid)) == set(re.findall(r"%\(\w+\)s", msgstr)), msgid
