"""XLSX exports: one helper so every register writes spreadsheets the same way (and safely)."""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

MONEY_FORMAT = '#,##0.00 "₽"'
DATE_FORMAT = "DD.MM.YYYY"
PERCENT_FORMAT = "0.00%"
# A cell starting with one of these would be run as a formula by a spreadsheet (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    money_columns: set[int] = field(default_factory=set)  # zero-based indexes
    percent_columns: set[int] = field(default_factory=set)


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=sheet.title[:31])  # Excel's limit on sheet names
        worksheet.append(list(sheet.headers))
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        widths = [len(str(h)) for h in sheet.headers]
        for row_number, row in enumerate(sheet.rows, start=2):
            worksheet.append([_value(v) for v in row])
            for column, value in enumerate(row):
                # The row number is counted here: openpyxl's max_row rescans the sheet, quadratic in rows.
                cell = worksheet.cell(row=row_number, column=column + 1)
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"  # text, never a formula
                if column in sheet.money_columns:
                    cell.number_format = MONEY_FORMAT
                elif column in sheet.percent_columns:
                    cell.number_format = PERCENT_FORMAT
                elif isinstance(value, date | datetime):
                    cell.number_format = DATE_FORMAT
                if column < len(widths):
                    widths[column] = max(widths[column], min(len(str(value or "")), 60))
        for column, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(column)].width = width + 2
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _value(value):
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones; values are shown in local time already
    if isinstance(value, Decimal):
        return value  # openpyxl writes Decimal as an exact number
    if value is None:
        return ""
    if isinstance(value, int | float | date | datetime | str):
        return value
    return str(value)


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    response = HttpResponse(
        workbook_bytes(sheets),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
