"""Altai Krai organisations and people of the seed. ИНН and ОГРН are demo values with valid check digits, not
the organisations' real registration numbers."""

from profcluster.core.seed import upsert
from profcluster.organisations.models import Organisation, Person
from profcluster.reference.models import Region

K = Organisation.Kind
ORGANISATIONS = [
    # inn, kind, short name, full name, ogrn, okved
    (
        "2225010019",
        K.AUTHORITY,
        "Минобрнауки Алтайского края",
        "Министерство образования и науки Алтайского края",
        "1022201000018",
        "84.11",
    ),
    (
        "2225010026",
        K.AUTHORITY,
        "Минтранс Алтайского края",
        "Министерство транспорта Алтайского края",
        "1022201000029",
        "84.11",
    ),
    (
        "2225010033",
        K.EMPLOYER,
        "АО «БТК групп»",
        "Акционерное общество «БТК групп»",
        "1022201000030",
        "14.12",
    ),
    (
        "2225010040",
        K.EMPLOYER,
        "Барнаульский ДСУ № 4",
        "Барнаульский дорожно-строительный участок № 4",
        "1022201000040",
        "42.11",
    ),
    (
        "2225010058",
        K.COLLEGE,
        "Алтайская академия гостеприимства",
        "Краевое государственное бюджетное профессиональное образовательное учреждение "
        "«Алтайская академия гостеприимства»",
        "1022201000051",
        "85.21",
    ),
    (
        "2225010065",
        K.COLLEGE,
        "Алтайский политехнический техникум",
        "Краевое государственное бюджетное профессиональное образовательное учреждение "
        "«Алтайский политехнический техникум»",
        "1022201000062",
        "85.21",
    ),
    (
        "2225010072",
        K.COLLEGE,
        "Алтайский транспортный техникум",
        "Краевое государственное бюджетное профессиональное образовательное учреждение "
        "«Алтайский транспортный техникум»",
        "1022201000073",
        "85.21",
    ),
    # Not in the seed: an organisation of another region, so that the demo shows what an outsider sees.
    (
        "5406010016",
        K.AUTHORITY,
        "Минобрнауки Новосибирской области",
        "Министерство образования Новосибирской области",
        "1025401000085",
        "84.11",
    ),
]

PEOPLE = [
    # organisation inn, surname, name, position
    ("2225010019", "Синицына", "Галина", "Заместитель министра образования и науки Алтайского края"),
    ("2225010019", "Дмитриева", "Наталья", "Начальник отдела профессионального образования"),
    ("2225010040", "Данилин", "Николай", "Директор"),
    # The seed names both as heads of the 2023 base colleges without saying which leads which.
    ("2225010065", "Павловская", "Инна", "Директор"),
    ("2225010072", "Андреева", "Елена", "Директор"),
]


def load(out) -> None:
    for inn, kind, short_name, full_name, ogrn, okved in ORGANISATIONS:
        region = Region.objects.get(code=inn[:2])
        upsert(
            Organisation,
            {"inn": inn},
            {
                "kind": kind,
                "short_name": short_name,
                "full_name": full_name,
                "ogrn": ogrn,
                "okved": okved,
                "kpp": f"{inn[:4]}01001",
                "region": region,
            },
        )
    for inn, surname, name, position in PEOPLE:
        organisation = Organisation.objects.get(inn=inn)
        upsert(
            Person, {"organisation": organisation, "surname": surname, "name": name}, {"position": position}
        )
