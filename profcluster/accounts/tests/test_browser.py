"""End-to-end: a real Chromium signs in and follows the demo from the home page to a cluster's money."""

import os
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # A developer's machine may lack Chromium (`make test` installs it when run as root); CI must not.
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and os.environ.get("CI") != "true",
        reason="Debian's chromium is not installed: apt-get install chromium",
    ),
]


@pytest.fixture
def browser_page(live_server, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made here are plain and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    call_command("load_demo", stdout=StringIO())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="en-US")  # an English browser still gets the Russian interface
        page.set_default_timeout(15000)
        # Any console error (a failed script, a Content-Security-Policy violation) fails the test.
        page.console_errors = []
        page.on(
            "console", lambda message: message.type == "error" and page.console_errors.append(message.text)
        )
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        yield page
        # The test body's ORM calls ran beside Playwright's event loop and got a connection of their own,
        # which nothing else closes: left open, it keeps PostgreSQL from dropping the test database.
        connections.close_all()
        browser.close()
        assert page.console_errors == []


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill("demo")
    page.get_by_role("button", name="Войти").click()


def test_it_walks_a_regional_officials_morning(browser_page, live_server, tmp_path):
    """Home → cluster → its money → the payments behind a cell → an import with a bad row → English and back.

    One walk rather than one test per step: loading the demo data is the slow part.
    """
    from openpyxl import Workbook

    from profcluster.organisations.models import Organisation

    page = browser_page
    sign_in(page, live_server.url, "region")
    page.get_by_role("link", name="ОПЦ лёгкой промышленности").click()
    page.get_by_role("link", name="Софинансирование").last.click()
    text = page.locator("main").inner_text().replace("\xa0", " ")
    assert "76,92 %" in text and "0,30 ₽" in text

    software = page.locator("table.finance-matrix tbody tr", has_text="Программное обеспечение")
    software.get_by_role("link").nth(1).click()
    assert "/finance/payments/" in page.url
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1 and "без обязательства" in rows.first.inner_text()

    workbook = Workbook()
    workbook.active.append(["ИНН", "Вид", "Краткое наименование", "Полное наименование", "Регион"])
    workbook.active.append(["2225010071", "колледж", "Новый колледж", "КГБПОУ «Новый колледж»", "22"])
    workbook.save(tmp_path / "organisations.xlsx")
    page.goto(f"{live_server.url}/imports/organisations/")
    page.set_input_files("input[type=file]", tmp_path / "organisations.xlsx")
    page.get_by_role("button", name="Проверить файл").click()
    assert "строка 2, ИНН: Неверное контрольное число ИНН." in page.locator("main").inner_text()
    assert not Organisation.objects.filter(short_name="Новый колледж").exists()

    with page.expect_navigation():
        page.select_option("#language", "en")
    assert page.get_by_role("link", name="Clusters", exact=True).is_visible()
    with page.expect_navigation():
        page.select_option("#language", "ru")
    assert page.get_by_role("link", name="Кластеры", exact=True).is_visible()


def test_it_shows_an_employer_only_its_cluster(browser_page, live_server):
    page = browser_page
    sign_in(page, live_server.url, "employer")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    assert "ОПЦ транспортной отрасли" in rows.first.inner_text()
