"""Generated reports: the cluster passport (PDF, DOCX), the regional summary (XLSX, PDF with charts) and the
federal export (XLSX).

They are official papers in Russian whatever the interface language of the person downloading them. The
passport's two formats are built from one context, so they never disagree.
"""

import base64
import io
from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from profcluster.clusters.models import Cluster, Participation
from profcluster.core.charts import bar_chart_svg, pie_chart_svg
from profcluster.core.money import format_money, format_percent, share
from profcluster.core.permissions import VIEW
from profcluster.core.xlsx import Sheet, workbook_bytes
from profcluster.education.models import EducationalProgramme
from profcluster.education.selectors import education_numbers
from profcluster.finance.selectors import clusters_with_money, money_matrix
from profcluster.kpi.models import Indicator, ReportJob
from profcluster.kpi.selectors import (
    AT_RISK,
    BENCHMARK_LABELS,
    BENCHMARKS,
    MISSED,
    ON_TRACK,
    STATUS_LABELS,
    board,
    kpi_clusters,
    sort_rows,
)
from profcluster.kpi.templatetags.kpi import benchmark, format_value
from profcluster.reference.models import Region
from profcluster.staff.services import coverage_for_cluster

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- Cluster passport -------------------------------------------------------------------------------------


def passport_context(cluster: Cluster, period, user) -> dict:
    single = Cluster.objects.filter(pk=cluster.pk)
    matrix = money_matrix(user, clusters=single, year=period.year)
    coverage = coverage_for_cluster(cluster=cluster, user=user, year=period.year)
    return {
        "cluster": cluster,
        "period": period,
        "participants": list(
            Participation.objects.filter(cluster=cluster)
            .select_related("organisation")
            .order_by("role", "organisation__short_name")
        ),
        "programmes": list(
            EducationalProgramme.objects.restrict(user, VIEW)
            .filter(cluster=cluster)
            .select_related("college")
        ),
        "money": [row for row in matrix.rows if not row.total.is_empty],
        "money_total": matrix.total,
        "coverage": coverage,
        "education": education_numbers(user, cluster=cluster, on=period.measured_on()),
        "figures": board(single, period)[0].figures,
    }


def _passport_rows(context) -> dict[str, list[list[str]]]:
    education = context["education"]
    coverage = context["coverage"]
    employment = education.at(12)
    return {
        "participants": [[str(p.organisation), p.get_role_display()] for p in context["participants"]],
        "programmes": [[p.code, p.name, str(p.college), p.get_form_display()] for p in context["programmes"]],
        "money": [
            [row.label, format_money(row.total.planned), format_money(row.total.spent)]
            for row in context["money"]
        ]
        + [
            [
                _("Total"),
                format_money(context["money_total"].planned),
                format_money(context["money_total"].spent),
            ]
        ],
        "staff": [
            [_("Staff to be trained"), str(coverage.total)],
            [_("Trained (qualification in force)"), str(coverage.trained)],
            [_("Share trained"), format_percent(coverage.share / 100) if coverage.share is not None else "—"],
        ],
        "students": [
            *[[label, str(count)] for _value, label, count in education.status_rows],
            [_("With a targeted-training contract"), str(education.with_contract)],
            [_("Demonstration exam pass rate"), format_percent(education.exam_pass_rate)],
            [
                _("Employed one year after graduation"),
                format_percent(employment.rate if employment else None),
            ],
        ],
        "indicators": [
            [
                f.indicator.name,
                format_value(f.value, f.indicator.unit),
                format_value(f.target, f.indicator.unit),
                str(STATUS_LABELS[f.status]),
            ]
            for f in context["figures"]
        ],
    }


SECTIONS = [
    ("participants", gettext_lazy("Participants"), [gettext_lazy("Organisation"), gettext_lazy("Role")]),
    (
        "programmes",
        gettext_lazy("Educational programmes"),
        [gettext_lazy("Code"), gettext_lazy("Name"), gettext_lazy("College"), gettext_lazy("Form of study")],
    ),
    (
        "money",
        gettext_lazy("Money by source"),
        [gettext_lazy("Source"), gettext_lazy("Planned"), gettext_lazy("Spent")],
    ),
    (
        "staff",
        gettext_lazy("Staff professional development"),
        [gettext_lazy("Figure"), gettext_lazy("Value")],
    ),
    ("students", gettext_lazy("Students and outcomes"), [gettext_lazy("Figure"), gettext_lazy("Value")]),
    (
        "indicators",
        gettext_lazy("Indicators and targets"),
        [gettext_lazy("Indicator"), gettext_lazy("Value"), gettext_lazy("Target"), gettext_lazy("Status")],
    ),
]


def _sections(context):
    rows = _passport_rows(context)
    return [(str(title), [str(h) for h in headers], rows[key]) for key, title, headers in SECTIONS]


def passport_pdf(cluster, period, user) -> bytes:
    from weasyprint import HTML  # imported on use: loading Pango is slow and most requests need no PDF

    with translation.override(settings.LANGUAGE_CODE):
        context = passport_context(cluster, period, user)
        html = render_to_string("kpi/passport_pdf.html", {**context, "sections": _sections(context)})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def passport_docx(cluster, period, user) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        context = passport_context(cluster, period, user)
        document = Document()
        document.styles["Normal"].font.name = "Times New Roman"
        document.styles["Normal"].font.size = Pt(12)
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = title.add_run(_("CLUSTER PASSPORT"))
        run.bold, run.font.size = True, Pt(14)
        subtitle = document.add_paragraph()
        subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
        subtitle.add_run(f"{cluster.name}\n{cluster.region}, {cluster.industry}, {period}")
        for heading, headers, rows in _sections(context):
            document.add_heading(heading, level=2)
            table = document.add_table(rows=1, cols=len(headers))
            table.style = "Table Grid"
            for cell, header in zip(table.rows[0].cells, headers, strict=True):
                cell.paragraphs[0].add_run(header).bold = True
            for row in rows:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Regional summary and federal export ------------------------------------------------------------------


def _clusters_of(job: ReportJob):
    clusters = kpi_clusters(job.user)
    params = job.params or {}
    for name in ("region", "industry", "kind", "selection_year"):
        if params.get(name):
            clusters = clusters.filter(**{name: params[name]})
    return clusters.order_by("region__code", "name")


def regional_summary(job: ReportJob, *, progress: Callable[[int, int], None]) -> tuple[str, bytes]:
    """One sheet per topic: values, statuses, benchmarks, money, reports."""
    total = 4
    with translation.override(settings.LANGUAGE_CODE):
        progress(0, total)
        rows = board(_clusters_of(job), job.period)
        indicators = [f.indicator for f in rows[0].figures] if rows else []
        progress(1, total)
        head = [_("Region"), _("Cluster")]
        values = Sheet(
            _("Indicators"),
            head + [f"{i.name}, {i.get_unit_display()}" for i in indicators],
            [[r.cluster.region.name, r.cluster.name, *[f.value for f in r.figures]] for r in rows],
        )
        targets = Sheet(
            _("Targets"),
            head + [i.name for i in indicators],
            [[r.cluster.region.name, r.cluster.name, *[f.target for f in r.figures]] for r in rows],
        )
        statuses = Sheet(
            _("Statuses"),
            head + [_("Missed"), _("At risk")] + [i.name for i in indicators],
            [
                [r.cluster.region.name, r.cluster.name, r.missed, r.at_risk]
                + [str(STATUS_LABELS[f.status]) for f in r.figures]
                for r in rows
            ],
        )
        progress(2, total)
        benchmarks = Sheet(
            _("Benchmarking"),
            head + [str(BENCHMARK_LABELS[b]) for b in BENCHMARKS],
            [[r.cluster.region.name, r.cluster.name, *[r.benchmarks[b] for b in BENCHMARKS]] for r in rows],
            money_columns={2, 3},
        )
        reports = Sheet(
            _("Reports"),
            [*head, _("Status"), _("Submitted at")],
            [
                [
                    r.cluster.region.name,
                    r.cluster.name,
                    r.report.get_status_display() if r.report else str(_("not started")),
                    r.report.submitted_at if r.report else None,
                ]
                for r in rows
            ],
        )
        progress(3, total)
        content = workbook_bytes([values, targets, statuses, benchmarks, reports])
        progress(4, total)
    return f"kpi-regional-{job.period.year}.xlsx", content


def _image(svg: str) -> str:
    # As an image, not inline markup: WeasyPrint then draws it with its SVG renderer (no warnings about SVG
    # properties read as HTML CSS), and the ids matplotlib repeats in every chart cannot collide.
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode() if svg else ""


def regional_pdf_context(job: ReportJob, *, progress: Callable[[int, int], None]) -> dict:
    """One region in one period: its clusters side by side, risks first, with the charts of the dashboards.

    Built from the author's scope only (`kpi_clusters`, money through `restrict`): a region the author does
    not see gives an empty summary, never another region's figures.
    """
    total = 4
    progress(0, total)
    region = Region.objects.get(pk=(job.params or {})["region"])
    clusters = _clusters_of(job).filter(region=region)
    period = job.period
    rows = sort_rows(board(clusters, period), "risks")
    indicators = [f.indicator for f in rows[0].figures] if rows else []
    names = [r.cluster.name for r in rows]
    progress(1, total)
    statuses = (
        bar_chart_svg(
            names,
            {
                str(STATUS_LABELS[MISSED]): [r.missed for r in rows],
                str(STATUS_LABELS[AT_RISK]): [r.at_risk for r in rows],
                str(STATUS_LABELS[ON_TRACK]): [sum(f.status == ON_TRACK for f in r.figures) for r in rows],
            },
        )
        if rows
        else ""
    )
    comparisons = []
    for index, indicator in enumerate(indicators):
        figures = [r.figures[index] for r in rows]
        if all(f.value is None and f.target is None for f in figures):
            continue  # nothing measured, nothing planned: a chart of empty bars says nothing
        comparisons.append(
            {
                "indicator": indicator,
                "chart": _image(
                    bar_chart_svg(
                        names,
                        {_("Value"): [f.value for f in figures], _("Target"): [f.target for f in figures]},
                    )
                ),
                "lines": [
                    [
                        r.cluster.name,
                        format_value(f.value, indicator.unit),
                        format_value(f.target, indicator.unit),
                        str(STATUS_LABELS[f.status]),
                    ]
                    for r, f in zip(rows, figures, strict=True)
                ],
            }
        )
    progress(2, total)
    matrix = money_matrix(job.user, clusters=clusters, year=period.year)
    sources = [row for row in matrix.rows if row.total.planned]
    by_cluster = {c.pk: c for c in clusters_with_money(job.user, clusters, year=period.year)}
    money_lines = []
    for r in rows:
        c = by_cluster.get(r.cluster.pk)
        amounts = [c.planned_federal, c.planned_regional, c.planned_non_budget, c.planned] if c else []
        attracted = share(c.planned - c.planned_federal, c.planned_federal) if c else None
        money_lines.append(
            [r.cluster.name, *[format_money(a) for a in amounts], format_value(attracted, "ratio")]
        )
    amounts = {
        _("Federal budget"): "planned_federal",
        _("Regional budget"): "planned_regional",
        _("Employers and extra-budgetary"): "planned_non_budget",
    }
    cofinancing = {
        "sources": _image(pie_chart_svg([s.label for s in sources], [s.total.planned for s in sources]))
        if sources
        else "",
        "by_cluster": _image(
            bar_chart_svg(
                names,
                {
                    label: [getattr(by_cluster.get(r.cluster.pk), name, 0) for r in rows]
                    for label, name in amounts.items()
                },
            )
        )
        if sources and rows
        else "",
        "source_lines": [[s.label, format_money(s.total.planned), format_percent(s.share)] for s in sources],
        "total": format_money(matrix.total.planned),
        "cluster_lines": money_lines,
    }
    progress(3, total)
    return {
        "region": region,
        "period": period,
        "rows": [
            {
                "row": r,
                "report": r.report.get_status_display() if r.report else _("not started"),
                "benchmarks": [benchmark(r.benchmarks.get(key), key) for key in BENCHMARKS],
            }
            for r in rows
        ],
        "benchmark_labels": [str(BENCHMARK_LABELS[key]) for key in BENCHMARKS],
        "statuses": _image(statuses),
        "comparisons": comparisons,
        "money": cofinancing,
    }


def regional_pdf(job: ReportJob, *, progress: Callable[[int, int], None]) -> tuple[str, bytes]:
    from weasyprint import HTML  # imported on use: loading Pango is slow and most requests need no PDF

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("kpi/regional_pdf.html", regional_pdf_context(job, progress=progress))
        content = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    progress(4, 4)
    return f"kpi-regional-{job.params['region']}-{job.period.year}.pdf", content


# The federal export's layout is fixed: the operator's systems read it by column position, so definitions
# edited later (renamed or new indicators) do not move its columns. Documented on the federal page too.
FEDERAL_INDICATORS = [
    "students_studying",
    "intake_fulfilment",
    "targeted_share",
    "practice_hours",
    "demo_exam_pass_rate",
    "employment_12",
    "staff_trained",
    "practitioner_hours",
    "employers_participating",
    "attracted_per_federal",
    "cofinancing_regional",
    "cofinancing_non_budget",
    "activities_done",
    "activities_overdue",
]
FEDERAL_FIXED = [
    ("A", "Код региона", gettext_lazy("two-digit code of the subject of the Russian Federation")),
    ("B", "Регион", gettext_lazy("name of the region")),
    ("C", "Кластер", gettext_lazy("name of the cluster")),
    ("D", "Вид кластера", gettext_lazy("ОПЦ or кластер СПО")),
    ("E", "Отрасль", gettext_lazy("industry")),
    ("F", "Год отбора", gettext_lazy("year of the competitive selection")),
    ("G", "Базовая организация", gettext_lazy("short name of the base college")),
    ("H", "Статус отчёта", gettext_lazy("status of the cluster's report for the period, or «не начат»")),
]


def federal_columns(indicators=None) -> list[tuple[str, str, str]]:
    """(column letter, header, meaning): eight fixed columns, then one per indicator in FEDERAL_INDICATORS.

    A..H   region code, region, cluster, kind, industry, selection year, base college, report status;
    I..V   the indicators in the order of FEDERAL_INDICATORS, values as numbers (percentages as 0–100,
           roubles with kopecks, ratios as roubles per federal rouble); empty where there is no data.
    `indicators`: every definition, when the caller has them already (no query then).
    """
    from openpyxl.utils import get_column_letter

    if indicators is None:
        indicators = Indicator.objects.filter(code__in=FEDERAL_INDICATORS).only("code", "name")
    names = {i.code: i.name for i in indicators if i.code in FEDERAL_INDICATORS}
    columns = list(FEDERAL_FIXED)
    for offset, code in enumerate(FEDERAL_INDICATORS):
        columns.append((get_column_letter(len(FEDERAL_FIXED) + offset + 1), names.get(code, code), code))
    return columns


def federal_export(job: ReportJob, *, progress: Callable[[int, int], None]) -> tuple[str, bytes]:
    """One row per cluster in the fixed layout of `federal_columns()`."""
    with translation.override(settings.LANGUAGE_CODE):
        progress(0, 3)
        indicators = list(Indicator.objects.filter(code__in=FEDERAL_INDICATORS))
        by_code = {i.code: i for i in indicators}
        ordered = [by_code[c] for c in FEDERAL_INDICATORS if c in by_code]
        rows = board(_clusters_of(job), job.period, indicators=ordered)
        progress(1, 3)
        lines = []
        for r in rows:
            c = r.cluster
            fixed = [
                c.region.code,
                c.region.name,
                c.name,
                c.get_kind_display(),
                c.industry.name,
                c.selection_year,
                str(c.base_organisation),
                r.report.get_status_display() if r.report else "не начат",
            ]
            values = [(f.value if (f := r.figure(code)) else None) for code in FEDERAL_INDICATORS]
            lines.append(fixed + values)
        headers = [header for _letter, header, _meaning in federal_columns()]
        progress(2, 3)
        content = workbook_bytes([Sheet("Кластеры", headers, lines)])
        progress(3, 3)
    return f"kpi-federal-{job.period.year}.xlsx", content
