"""Spreadsheets of the finance pages: the same rows the user sees, in the user's scope and filters."""

from django.utils.translation import gettext as _

from profcluster.core.xlsx import Sheet
from profcluster.finance.models import Commitment


def matrix_sheet(matrix) -> Sheet:
    rows = []
    for source_row in matrix.rows:
        for category, cell in source_row.cells:
            if not cell.is_empty:
                rows.append(
                    [
                        source_row.label,
                        category.name,
                        cell.planned,
                        cell.committed,
                        cell.spent,
                        cell.verified,
                        cell.accepted,
                        cell.execution,
                    ]
                )
        total = source_row.total
        rows.append(
            [
                source_row.label,
                _("Total"),
                total.planned,
                total.committed,
                total.spent,
                total.verified,
                total.accepted,
                total.execution,
            ]
        )
    t = matrix.total
    rows.append(
        [_("All sources"), _("Total"), t.planned, t.committed, t.spent, t.verified, t.accepted, t.execution]
    )
    headers = [
        _("Source"),
        _("Spending category"),
        _("Planned"),
        _("Committed"),
        _("Spent"),
        _("Verified"),
        _("Accepted"),
        _("Execution"),
    ]
    return Sheet(_("Matrix"), headers, rows, money_columns={2, 3, 4, 5, 6}, percent_columns={7})


def clusters_sheet(clusters) -> Sheet:
    headers = [
        _("Cluster"),
        _("Region"),
        _("Selection year"),
        _("Planned"),
        _("Federal"),
        _("Committed"),
        _("Spent"),
        _("Execution"),
        _("Attracted per federal rouble"),
        _("Below the minimum"),
    ]
    rows = [
        [
            c.name,
            c.region.name,
            c.selection_year,
            c.planned,
            c.planned_federal,
            c.committed,
            c.spent,
            c.execution_share,
            c.attracted_share,
            "; ".join(str(check.rule) for check in c.below_minimum),
        ]
        for c in clusters
    ]
    return Sheet(_("Clusters"), headers, rows, money_columns={3, 4, 5, 6}, percent_columns={7})


def entries_sheet(model, entries) -> Sheet:
    common = [_("Cluster"), _("Year"), _("Source"), _("Spending category"), _("Organisation")]
    if model is Commitment:
        headers = [
            *common,
            _("Number"),
            _("Date"),
            _("Form"),
            _("Counterparty"),
            _("Amount"),
            _("Confirmation"),
            _("Justification"),
        ]
        rows = [
            [
                e.cluster.name,
                e.year,
                e.get_source_display(),
                e.category.name,
                e.organisation.short_name,
                e.number,
                e.date,
                e.get_form_display(),
                str(e.counterparty or e.counterparty_name),
                e.amount,
                e.get_confirmation_display(),
                e.justification,
            ]
            for e in entries
        ]
        return Sheet(_("Commitments"), headers, rows, money_columns={9})
    headers = [
        *common,
        _("Payment document"),
        _("Date"),
        _("Commitment"),
        _("Amount"),
        _("Stage"),
        _("Confirmation"),
        _("Justification"),
    ]
    rows = [
        [
            e.cluster.name,
            e.year,
            e.get_source_display(),
            e.category.name,
            e.organisation.short_name,
            e.document,
            e.date,
            str(e.commitment or ""),
            e.amount,
            e.get_stage_display(),
            e.get_confirmation_display(),
            e.justification,
        ]
        for e in entries
    ]
    return Sheet(_("Payments"), headers, rows, money_columns={8})
