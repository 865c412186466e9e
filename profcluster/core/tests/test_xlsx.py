import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from profcluster.core.xlsx import Sheet, workbook_bytes


def test_it_writes_money_dates_and_dangerous_text_safely():
    sheet = Sheet(
        "Расходы",
        ["Название", "Сумма", "Дата"],
        [['=HYPERLINK("x")', Decimal("130000000.00"), date(2022, 12, 1)]],
        money_columns={1},
    )
    worksheet = load_workbook(io.BytesIO(workbook_bytes([sheet])))["Расходы"]
    assert [c.value for c in worksheet[1]] == ["Название", "Сумма", "Дата"]
    text, amount, when = worksheet[2]
    assert (text.value, text.data_type) == ('=HYPERLINK("x")', "s")
    assert amount.value == 130000000 and "₽" in amount.number_format
    assert when.value.date() == date(2022, 12, 1) and when.number_format == "DD.MM.YYYY"


def test_it_writes_numbers_booleans_and_date_times_as_a_spreadsheet_reads_them():
    row = [7, 2.5, True, datetime(2024, 5, 6, 7, 8), None, "", Decimal("NaN")]
    worksheet = load_workbook(io.BytesIO(workbook_bytes([Sheet("Лист", list("abcdefg"), [row])]))).active
    assert [c.value for c in worksheet[2]] == [7, 2.5, True, datetime(2024, 5, 6, 7, 8), None, None, None]


def test_it_drops_characters_xml_cannot_hold_and_keeps_spaces():
    rows = [["да\x01нет", " с пробелами ", "a<b>&c"]]
    worksheet = load_workbook(io.BytesIO(workbook_bytes([Sheet("Лист", ["a", "b", "c"], rows)]))).active
    assert [c.value for c in worksheet[2]] == ["данет", " с пробелами ", "a<b>&c"]


def test_it_keeps_the_header_bold_and_frozen_and_sizes_columns_to_the_rows():
    rows = [["Очень длинное название колледжа", 1]]
    worksheet = load_workbook(io.BytesIO(workbook_bytes([Sheet("Лист", ["Колледж", "Число"], rows)]))).active
    assert worksheet["A1"].font.b and not worksheet["A2"].font.b
    assert worksheet.freeze_panes == "A2"
    assert worksheet.column_dimensions["A"].width == len(rows[0][0]) + 2


def test_it_names_sheets_as_excel_allows():
    sheets = [
        Sheet("Итоги: 2024/25", ["a"], []),
        Sheet("итоги_ 2024_25", ["a"], []),
        Sheet("x" * 40, ["a"], []),
    ]
    workbook = load_workbook(io.BytesIO(workbook_bytes(sheets)))
    assert workbook.sheetnames == ["Итоги_ 2024_25", "итоги_ 2024_252", "x" * 31]


def test_it_writes_the_same_bytes_for_the_same_rows():
    def sheet():
        return Sheet("Лист", ["Дата"], [[date(2024, 1, 1)], ["текст"]])

    assert workbook_bytes([sheet()]) == workbook_bytes([sheet()])
