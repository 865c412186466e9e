"""The working set of indicators, shipped as data: the federal operator edits them afterwards."""

from django.db import migrations

# code, name, unit, direction, periodicity, formula, method
INDICATORS = [
    (
        "students_studying",
        "Численность обучающихся (обучается)",
        "people",
        "higher",
        "quarter",
        "Обучающиеся со статусом «обучается» в группах программ кластера на дату.",
    ),
    (
        "intake_fulfilment",
        "Выполнение плана приёма",
        "percent",
        "higher",
        "year",
        "Зачислено в группы по отношению к плановому приёму, %.",
    ),
    (
        "targeted_share",
        "Доля обучающихся по договорам о целевом обучении",
        "percent",
        "higher",
        "quarter",
        "Обучающиеся с действующим договором о целевом обучении к числу обучающихся, %.",
    ),
    (
        "practice_hours",
        "Часы практической подготовки у работодателей",
        "hours",
        "higher",
        "quarter",
        "Часы практик, не оспоренных работодателем.",
    ),
    (
        "demo_exam_pass_rate",
        "Доля сдавших демонстрационный экзамен",
        "percent",
        "higher",
        "year",
        "Сдавшие к числу результатов демонстрационного экзамена, %.",
    ),
    (
        "employment_12",
        "Трудоустройство выпускников через 1 год",
        "percent",
        "higher",
        "year",
        "Работающие через 12 месяцев к числу выпускников, достигших этой точки, %.",
    ),
    (
        "staff_trained",
        "Доля педагогических и управленческих кадров, прошедших повышение квалификации",
        "percent",
        "higher",
        "quarter",
        "Преподаватели, мастера и руководители с действующим документом о ПК на дату, %.",
    ),
    (
        "practitioner_hours",
        "Часы, проведённые специалистами с производства",
        "hours",
        "higher",
        "quarter",
        "Проведённые часы специалистов-практиков за календарный год.",
    ),
    (
        "employers_participating",
        "Работодатели — участники кластера",
        "units",
        "higher",
        "quarter",
        "Ключевые работодатели и работодатели в составе кластера.",
    ),
    (
        "attracted_per_federal",
        "Привлечённые средства на рубль федерального гранта",
        "ratio",
        "higher",
        "year",
        "Плановые средства регионального бюджета, работодателей и внебюджетные на 1 рубль федеральных.",
    ),
    (
        "cofinancing_regional",
        "Софинансирование из регионального бюджета",
        "roubles",
        "higher",
        "year",
        "Плановый объём средств регионального бюджета за год.",
    ),
    (
        "cofinancing_non_budget",
        "Внебюджетное софинансирование (работодатели и ОО)",
        "roubles",
        "higher",
        "year",
        "Плановый объём средств работодателей и внебюджетных средств образовательных организаций за год.",
    ),
    (
        "activities_done",
        "Выполненные мероприятия программы деятельности",
        "units",
        "higher",
        "quarter",
        "Мероприятия текущей версии программы в году, выполненные к дате.",
    ),
    (
        "activities_overdue",
        "Просроченные мероприятия программы деятельности",
        "units",
        "lower",
        "quarter",
        "Незавершённые мероприятия года, плановый срок которых прошёл.",
    ),
]


def create(apps, schema_editor):
    Indicator = apps.get_model("kpi", "Indicator")
    for position, (code, name, unit, direction, periodicity, method) in enumerate(INDICATORS, start=1):
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "direction": direction,
                "periodicity": periodicity,
                "formula": code,
                "description": method,
                "position": position * 10,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("kpi", "Indicator").objects.filter(code__in=[row[0] for row in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("kpi", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
