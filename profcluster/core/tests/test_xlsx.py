import io
from datetime import date
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
