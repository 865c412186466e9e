"""Spreadsheets of the finance pages: the same rows the user sees, in the user's scope and filters."""

from django.utils.translation import gettext as _

from profcluster.core.xlsx import Sheet


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
