"""Russian is the interface's default language: every string of the interface must have a translation."""

import re
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "ru" / "LC_MESSAGES" / "django.po"


def entries():
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n")[1:]:
        msgid = "".join(re.findall(r'^(?:msgid )?"(.*)"$', block.split("msgstr")[0], re.M))
        msgstr = "".join(re.findall(r'^(?:msgstr(?:\[\d\])? )?"(.*)"$', block.split("msgstr", 1)[1], re.M))
        yield block, msgid, msgstr


def test_it_translates_every_interface_string_into_russian():
    missing = [msgid for block, msgid, msgstr in entries() if not msgstr or "#, fuzzy" in block]
    assert missing == []


def test_it_keeps_placeholders_in_translations():
    for _, msgid, msgstr in entries():
        assert sorted(re.findall(r"%\(\w+\)s", msgid)) == sorted(re.findall(r"%\(\w+\)s", msgstr)), msgid
