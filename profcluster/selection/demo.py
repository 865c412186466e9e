"""The 2022 and 2023 selection calls, the three Altai Krai applications that won them, and the showcase.

The seed tells which clusters were selected in which year, and their money; the applications are linked to
the clusters the clusters demo already made (no cluster is created twice). Application windows, criteria,
dates of the status changes and the draft activities are illustrative demo values, not facts of the seed.
The calls' minimum co-financing shares equal the finance demo's rules, so loading them changes no rule.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from profcluster.clusters.models import Cluster, Participation
from profcluster.core.seed import DEMO_REASON, upsert
from profcluster.education.models import EducationalProgramme, FgosCode
from profcluster.finance.demo import PLANS
from profcluster.finance.models import SpendingCategory
from profcluster.governance.models import Activity
from profcluster.reference.models import Industry, Region
from profcluster.selection.models import (
    Application,
    ApplicationBudgetLine,
    ApplicationParticipant,
    ClusterShowcase,
    Criterion,
    PlannedActivity,
    PlannedProgramme,
    SelectionCall,
    Transition,
)
from profcluster.selection.services import call_save

M = Decimal("1000000")
MSK = ZoneInfo("Europe/Moscow")
LIGHT, MACHINE, TRANSPORT = "ОПЦ лёгкой промышленности", "ОПЦ машиностроения", "ОПЦ транспортной отрасли"

CRITERIA = [
    # name, weight, max score
    ("Обоснованность потребности экономики региона в кадрах", "3", 10),
    ("Участие работодателей и объём внебюджетного софинансирования", "3", 10),
    ("Качество образовательных программ и доля практической подготовки", "2", 10),
    ("Реалистичность программы деятельности и бюджета", "2", 10),
]
CALLS = [
    # year, title, industries, grant, min regional %, min non-budget %, window
    (
        2022,
        "Конкурсный отбор 2022 года: образовательно-производственные центры (кластеры)",
        ["light-industry", "mechanical-engineering", "railway", "agriculture", "pharmaceutics", "metallurgy"],
        100,
        "10.00",
        "20.00",
        (datetime.date(2022, 2, 1), datetime.date(2022, 3, 15)),
    ),
    (
        2023,
        "Конкурсный отбор 2023 года: образовательно-производственные центры (кластеры)",
        [
            "mechanical-engineering",
            "transport",
            "light-industry",
            "construction",
            "it",
            "tourism-and-hospitality",
        ],
        100,
        "10.00",
        "10.00",
        (datetime.date(2023, 1, 16), datetime.date(2023, 3, 1)),
    ),
]
APPLICATIONS = {
    # cluster name: (summary, draft activities as (year, direction, title))
    LIGHT: (
        "Подготовка кадров для предприятий лёгкой промышленности Алтайского края на базе Алтайской академии "
        "гостеприимства совместно с АО «БТК групп».",
        [
            (2022, Activity.Direction.INFRASTRUCTURE, "Оснащение швейных мастерских"),
            (2022, Activity.Direction.PROGRAMMES, "Разработка программ по сокращённым срокам обучения"),
            (2023, Activity.Direction.MENTORS, "Привлечение наставников АО «БТК групп»"),
        ],
    ),
    MACHINE: (
        "Подготовка кадров для машиностроительных предприятий края на базе Алтайского политехнического "
        "техникума.",
        [
            (2023, Activity.Direction.INFRASTRUCTURE, "Оснащение мастерских станками с ЧПУ"),
            (2023, Activity.Direction.STAFF, "Повышение квалификации педагогов и мастеров"),
        ],
    ),
    TRANSPORT: (
        "Подготовка кадров для транспортной отрасли и дорожного хозяйства края на базе Алтайского "
        "транспортного "
        "техникума.",
        [
            (2023, Activity.Direction.INFRASTRUCTURE, "Тренажёры и диагностическое оборудование"),
            (2023, Activity.Direction.CAREER, "Профориентационные дни на предприятиях-партнёрах"),
        ],
    ),
}
S = Application.Status
STEPS = [
    (S.DRAFT, S.SUBMITTED, (3, 1)),
    (S.SUBMITTED, S.UNDER_REVIEW, (3, 20)),
    (S.UNDER_REVIEW, S.SELECTED, (5, 15)),
]
SHOWCASE = {
    LIGHT: "Конструкторы-модельеры и швеи для предприятий лёгкой промышленности Алтайского края. Обучение по "
    "сокращённым программам, половина времени — практика на производстве АО «БТК групп».",
    MACHINE: "Техники-технологи, сварщики и операторы станков с программным управлением "
    "для машиностроительных "
    "предприятий края. Практика в современных мастерских техникума и на заводах.",
    TRANSPORT: "Техники и слесари по ремонту автомобилей и дорожно-строительных машин. "
    "Практика на предприятиях "
    "дорожного хозяйства, в том числе в Барнаульском ДСУ № 4.",
}


def load(out) -> None:
    calls = {}
    for year, title, industries, grant, regional, non_budget, (opens, closes) in CALLS:
        call, changed = upsert(
            SelectionCall,
            {"year": year, "cluster_kind": Cluster.Kind.OPC},
            {
                "title": title,
                "grant_size": Decimal(grant) * M,
                "min_regional_percent": Decimal(regional),
                "min_non_budget_percent": Decimal(non_budget),
                "opens_on": opens,
                "closes_on": closes,
                "disagreement_percent": Decimal("20.00"),
                "is_published": True,
            },
            save=False,
        )
        wanted = list(Industry.objects.filter(slug__in=industries))
        if changed or {i.pk for i in wanted} != set(call.industries.values_list("pk", flat=True)):
            call_save(call=call, industries=wanted, change_reason=DEMO_REASON)
        for position, (name, weight, maximum) in enumerate(CRITERIA, start=1):
            upsert(
                Criterion,
                {"call": call, "name": name},
                {"position": position, "weight": Decimal(weight), "max_score": maximum},
            )
        calls[year] = call

    region = Region.objects.get(code="22")
    categories = {c.code: c for c in SpendingCategory.objects.all()}
    fgos = dict(FgosCode.objects.values_list("code", "name"))
    clusters = Cluster.objects.filter(region=region, name__in=APPLICATIONS).select_related(
        "base_organisation"
    )
    for cluster in clusters:
        summary, activities = APPLICATIONS[cluster.name]
        call = calls[cluster.selection_year]
        application, _ = upsert(
            Application,
            {"call": call, "region": region, "cluster_name": cluster.name},
            {
                "industry": cluster.industry,
                "base_college": cluster.base_organisation,
                "summary": summary,
                "status": S.SELECTED,
                "cluster": cluster,
            },
        )
        for participation in cluster.participations.exclude(role=Participation.Role.BASE_COLLEGE):
            upsert(
                ApplicationParticipant,
                {"application": application, "organisation_id": participation.organisation_id},
                {"role": participation.role},
            )
        codes = EducationalProgramme.objects.filter(cluster=cluster).values_list("code", flat=True).distinct()
        for code in sorted(codes):
            upsert(
                PlannedProgramme,
                {"application": application, "code": code},
                {"name": fgos.get(code, code), "planned_intake": 25},
            )
        year, amounts = PLANS[cluster.name]
        for (source, category), millions in amounts.items():
            upsert(
                ApplicationBudgetLine,
                {
                    "application": application,
                    "year": year,
                    "source": source,
                    "category": categories[category],
                },
                {"amount": Decimal(millions) * M},
            )
        for activity_year, direction, title in activities:
            upsert(
                PlannedActivity,
                {"application": application, "title": title},
                {"year": activity_year, "direction": direction},
            )
        for source, target, (month, day) in STEPS:
            upsert(
                Transition,
                {"application": application, "to_status": target},
                {
                    "from_status": source,
                    "at": datetime.datetime(call.year, month, day, 10, 0, tzinfo=MSK),
                    "comment": DEMO_REASON,
                },
            )
        upsert(
            ClusterShowcase,
            {"cluster": cluster},
            {"is_published": True, "public_description": SHOWCASE[cluster.name]},
        )
