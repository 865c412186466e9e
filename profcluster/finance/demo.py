"""Money of the seed: 130 млн ₽ of the 2022 light-industry cluster and the 2023 money of the other two.

The seed gives totals only. Their split by spending category, and the commitments and payments, are
illustrative demo values, chosen so that execution, flags and drill-down show something real.
The seed's 2023 money (200 млн federal, 10 млн regional, "more than 22 млн" extra-budgetary for both new
clusters) is split equally between the machine-building and the transport clusters, with exactly 22 млн
extra-budgetary.
"""

from datetime import date
from decimal import Decimal

from profcluster.clusters.models import Cluster
from profcluster.core.seed import DEMO_REASON, upsert
from profcluster.finance.models import (
    BudgetLine,
    BudgetRevision,
    CofinancingRule,
    Commitment,
    Payment,
    Source,
)
from profcluster.finance.models import SpendingCategory as Category
from profcluster.organisations.models import Organisation

M = Decimal("1000000")
F, R, E, X = Source.FEDERAL, Source.REGIONAL, Source.EMPLOYER, Source.EXTRA_BUDGETARY

PLANS = {
    # cluster name: (year, {(source, category code): millions})
    "ОПЦ лёгкой промышленности": (
        2022,
        {
            (F, "equipment"): 70,
            (F, "software"): 10,
            (F, "sites"): 15,
            (F, "teacher-development"): 5,
            (E, "equipment"): 15,
            (E, "mentors"): 5,
            (R, "sites"): 10,
        },
    ),
    "ОПЦ машиностроения": (
        2023,
        {
            (F, "equipment"): 75,
            (F, "sites"): 15,
            (F, "programmes"): 5,
            (F, "teacher-development"): 5,
            (R, "sites"): 5,
            (X, "equipment"): 8,
            (X, "career-guidance"): 3,
        },
    ),
    "ОПЦ транспортной отрасли": (
        2023,
        {
            (F, "equipment"): 70,
            (F, "sites"): 20,
            (F, "software"): 5,
            (F, "teacher-development"): 5,
            (R, "sites"): 5,
            (X, "equipment"): 6,
            (X, "mentors"): 5,
        },
    ),
}

# Demo configuration, not the text of a regulation: the 2023 regional minimum is set so that the flag shows.
RULES = [
    (2022, "opc", CofinancingRule.Basis.REGIONAL, "10.00"),
    (2022, "opc", CofinancingRule.Basis.NON_BUDGET, "20.00"),
    (2023, "opc", CofinancingRule.Basis.REGIONAL, "10.00"),
    (2023, "opc", CofinancingRule.Basis.NON_BUDGET, "10.00"),
]

LIGHT, TRANSPORT = "ОПЦ лёгкой промышленности", "ОПЦ транспортной отрасли"
ACADEMY, BTK, TRANSPORT_COLLEGE, MINISTRY = "2225010058", "2225010033", "2225010072", "2225010019"
COMMITMENTS = [
    # cluster, number, date, source, category, organisation inn, form, counterparty, millions, subject
    (
        LIGHT,
        "ПФ-2022/1",
        date(2022, 9, 15),
        F,
        "equipment",
        ACADEMY,
        "cash",
        "ООО «Швейные технологии»",
        65,
        "Поставка швейного оборудования",
    ),
    (
        LIGHT,
        "ДП-2022/7",
        date(2022, 10, 3),
        E,
        "equipment",
        BTK,
        "equipment",
        "",
        15,
        "Передача оборудования в безвозмездное пользование",
    ),
    (
        LIGHT,
        "КБ-2022/2",
        date(2022, 8, 1),
        R,
        "sites",
        MINISTRY,
        "cash",
        "ООО «СтройРемонт»",
        10,
        "Ремонт и зонирование мастерских",
    ),
    (
        TRANSPORT,
        "ПФ-2023/4",
        date(2023, 6, 20),
        F,
        "equipment",
        TRANSPORT_COLLEGE,
        "cash",
        "ООО «Автотренажёры Сибири»",
        40,
        "Тренажёры и диагностическое оборудование",
    ),
]
PAYMENTS = [
    # cluster, commitment number, document, date, source, category, org, millions, stage, justification
    (LIGHT, "ПФ-2022/1", "ПП № 1184", date(2022, 11, 10), F, "equipment", ACADEMY, 40, "accepted", ""),
    (LIGHT, "ДП-2022/7", "Акт № 7", date(2022, 10, 20), E, "equipment", BTK, 15, "verified", ""),
    (LIGHT, "КБ-2022/2", "ПП № 311", date(2022, 9, 30), R, "sites", MINISTRY, 10, "verified", ""),
    (
        LIGHT,
        None,
        "ПП № 1201",
        date(2022, 12, 5),
        F,
        "software",
        ACADEMY,
        Decimal("2.5"),
        "spent",
        "Лицензии оплачены по счёту до заключения договора; договор на подписании.",
    ),
    (
        TRANSPORT,
        "ПФ-2023/4",
        "ПП № 502",
        date(2023, 9, 1),
        F,
        "equipment",
        TRANSPORT_COLLEGE,
        25,
        "spent",
        "",
    ),
]


def load(out) -> None:
    for year, kind, basis, minimum in RULES:
        upsert(
            CofinancingRule,
            {"selection_year": year, "cluster_kind": kind, "basis": basis},
            {"min_percent": Decimal(minimum)},
        )
    categories = {c.code: c for c in Category.objects.all()}
    clusters = {c.name: c for c in Cluster.objects.filter(region__code="22")}
    for name, (year, amounts) in PLANS.items():
        cluster = clusters[name]
        revision, _ = upsert(
            BudgetRevision,
            {"cluster": cluster, "year": year, "number": 1},
            {"reason": DEMO_REASON, "is_current": True},
        )
        for (source, code), millions in amounts.items():
            upsert(
                BudgetLine,
                {"revision": revision, "source": source, "category": categories[code]},
                {"amount": Decimal(millions) * M},
            )
    organisations = {
        o.inn: o for o in Organisation.objects.filter(inn__in=[ACADEMY, BTK, TRANSPORT_COLLEGE, MINISTRY])
    }
    commitments = {}
    for cluster, number, day, source, code, inn, form, counterparty, millions, subject in COMMITMENTS:
        commitments[number], _ = upsert(
            Commitment,
            {"cluster": clusters[cluster], "number": number},
            {
                "year": day.year,
                "date": day,
                "source": source,
                "category": categories[code],
                "organisation": organisations[inn],
                "form": form,
                "counterparty_name": counterparty,
                "amount": Decimal(millions) * M,
                "subject": subject,
            },
        )
    for cluster, number, document, day, source, code, inn, millions, stage, justification in PAYMENTS:
        upsert(
            Payment,
            {"cluster": clusters[cluster], "document": document},
            {
                "year": day.year,
                "date": day,
                "source": source,
                "category": categories[code],
                "organisation": organisations[inn],
                "commitment": commitments.get(number),
                "amount": Decimal(millions) * M,
                "stage": stage,
                "justification": justification,
            },
        )
