"""End-to-end: a real Chromium signs in and follows the demo from the home page to a cluster's money."""

import shutil
from io import StringIO

import pytest
from django.core.management import call_command

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


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
        yield page
        browser.close()


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill("demo")
    page.get_by_role("button", name="Войти").click()


def test_it_takes_a_regional_official_from_the_home_page_to_the_money_of_a_cluster(browser_page, live_server):
    page = browser_page
    sign_in(page, live_server.url, "region")
    page.get_by_role("link", name="ОПЦ лёгкой промышленности").click()
    page.get_by_role("link", name="Софинансирование").last.click()
    text = page.locator("main").inner_text().replace("\xa0", " ")
    assert "76,92 %" in text and "0,30 ₽" in text


def test_it_shows_an_employer_only_its_cluster(browser_page, live_server):
    page = browser_page
    sign_in(page, live_server.url, "employer")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    assert "ОПЦ транспортной отрасли" in rows.first.inner_text()
