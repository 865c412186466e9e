"""Importable registers of this app: organisations (by ИНН) and their people (by СНИЛС, else by name)."""

from django.utils.translation import gettext_lazy as _

from profcluster.core.importer import Column, ImportSpec, choice, digits, related, text
from profcluster.core.permissions import VIEW
from profcluster.organisations.models import Organisation, Person
from profcluster.reference.models import Region

SPECS = [
    ImportSpec(
        slug="organisations",
        title=_("Organisations"),
        model=Organisation,
        key=("inn",),
        columns=[
            Column(
                "inn",
                "ИНН",
                digits((10, 12), "ИНН"),
                ("inn",),
                required=True,
                example="2225010019",
                help=_("10 digits for a legal entity, 12 for a sole trader; type it as text."),
            ),
            Column(
                "kind",
                "Вид",
                choice(Organisation.Kind.choices),
                ("тип", "kind"),
                required=True,
                example="колледж",
                help=_("college, university, employer, authority or other"),
            ),
            Column(
                "short_name",
                "Краткое наименование",
                text,
                ("наименование", "short name"),
                required=True,
                example="Алтайский политехнический техникум",
            ),
            Column(
                "full_name",
                "Полное наименование",
                text,
                ("full name",),
                required=True,
                example="КГБПОУ «Алтайский политехнический техникум»",
            ),
            Column("kpp", "КПП", text, ("kpp",), example="222501001"),
            Column(
                "ogrn",
                "ОГРН",
                digits((13, 15), "ОГРН"),
                ("огрнип", "огрн огрнип", "ogrn"),
                example="1022201000062",
            ),
            Column("okved", "ОКВЭД", text, ("основной оквэд", "код оквэд", "okved"), example="85.21"),
            Column(
                "region",
                "Регион",
                related(lambda user: Region.objects.all(), "code", "name__iexact"),
                ("субъект рф", "код региона", "region"),
                required=True,
                example="22",
                help=_("the region's two-digit code or its name"),
            ),
            Column("address", "Адрес", text, ("address",)),
            Column("website", "Сайт", text, ("website", "web")),
            Column("email", "Электронная почта", text, ("e-mail", "email", "почта")),
            Column("phone", "Телефон", text, ("phone",)),
        ],
    ),
    ImportSpec(
        slug="people",
        title=_("People"),
        model=Person,
        key=("organisation", "surname", "name", "patronymic"),
        columns=[
            Column(
                "organisation",
                "ИНН организации",
                related(lambda user: Organisation.objects.restrict(user, VIEW), "inn"),
                ("организация", "инн"),
                required=True,
                example="2225010019",
            ),
            Column("surname", "Фамилия", text, ("surname",), required=True, example="Синицына"),
            Column("name", "Имя", text, ("name",), required=True, example="Галина"),
            Column("patronymic", "Отчество", text, ("patronymic",)),
            Column("position", "Должность", text, ("position",), example="Заместитель министра"),
            Column("email", "Электронная почта", text, ("e-mail", "email")),
            Column("phone", "Телефон", text, ("phone",)),
            Column("snils", "СНИЛС", digits((11,), "СНИЛС"), ("snils",), example="11223344595"),
        ],
    ),
]
