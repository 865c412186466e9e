"""Importable registers of this app: commitments (agreements and contracts), by cluster and number."""

from django.utils.translation import gettext_lazy as _

from profcluster.clusters.models import Cluster
from profcluster.core.importer import Column, ImportSpec, choice, day, decimal, integer, related, text
from profcluster.core.permissions import VIEW
from profcluster.finance.models import Commitment, Source, SpendingCategory
from profcluster.organisations.models import Organisation

SPECS = [
    ImportSpec(
        slug="commitments",
        title=_("Commitments"),
        model=Commitment,
        key=("cluster", "number"),
        columns=[
            Column(
                "cluster",
                "Кластер",
                related(lambda user: Cluster.objects.restrict(user, VIEW), "name__iexact"),
                ("cluster",),
                required=True,
                example="ОПЦ лёгкой промышленности",
            ),
            Column("number", "Номер", text, ("номер договора", "number"), required=True, example="ПФ-2022/1"),
            Column("date", "Дата", day, ("дата договора", "date"), required=True, example="15.09.2022"),
            Column("year", "Год", integer, ("year",), required=True, example=2022),
            Column(
                "source",
                "Источник",
                choice(Source.choices),
                ("источник финансирования", "source"),
                required=True,
                example="федеральный бюджет",
            ),
            Column(
                "category",
                "Направление расходов",
                related(lambda user: SpendingCategory.objects.all(), "name__iexact", "code"),
                ("направление", "category"),
                required=True,
                example="Оборудование",
            ),
            Column(
                "organisation",
                "ИНН организации",
                related(lambda user: Organisation.objects.restrict(user, VIEW), "inn"),
                ("инн", "организация"),
                required=True,
                example="2225010058",
            ),
            Column(
                "amount", "Сумма", decimal, ("сумма руб", "amount"), required=True, example="65 000 000,00"
            ),
            Column("counterparty_name", "Контрагент", text, ("поставщик", "counterparty")),
            Column("subject", "Предмет", text, ("предмет договора", "subject")),
            Column("justification", "Обоснование превышения", text, ("обоснование", "justification")),
        ],
    ),
]
