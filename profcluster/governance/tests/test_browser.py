"""End-to-end: the transport cluster's manager plans an activity, holds a board meeting, gets the minutes."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from profcluster.accounts.tests.test_browser import ARGS, CHROMIUM, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TRANSPORT = "ОПЦ транспортной отрасли"


@pytest.fixture
def browser_page(live_server, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made here are plain and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    call_command("load_demo", stdout=StringIO())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="en-US", accept_downloads=True)
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


def test_it_plans_holds_a_board_meeting_and_downloads_its_minutes(browser_page, live_server, tmp_path):
    """Governance page → a new activity → a new board meeting → attendance → a decision with votes → DOCX.

    One walk rather than one test per step: loading the demo data is the slow part.
    """
    from docx import Document

    from profcluster.governance.models import Activity, BoardMember, Decision, Meeting, Vote

    page = browser_page
    sign_in(page, live_server.url, "cluster")
    page.get_by_role("link", name="Управление", exact=True).click()
    page.locator("main").get_by_role("link", name=TRANSPORT, exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith(TRANSPORT)

    page.get_by_role("link", name=f"Программа деятельности: {TRANSPORT}").click()
    page.get_by_role("link", name="Добавить мероприятие").click()
    page.fill("#id_title", "Чемпионат профессионального мастерства среди студентов")
    page.select_option("#id_direction", index=1)
    page.fill("#id_planned_start", "2025-03-01")
    page.fill("#id_planned_end", "2025-04-30")
    page.get_by_role("button", name="Сохранить").click()
    assert "Чемпионат профессионального мастерства" in page.locator("main").inner_text()
    assert Activity.objects.filter(title__startswith="Чемпионат", programme__cluster__name=TRANSPORT).exists()

    page.locator("nav[aria-label=breadcrumb]").get_by_role("link", name=TRANSPORT, exact=True).click()
    page.get_by_role("link", name="Новое заседание").click()
    members = {
        m.person.surname: m
        for m in BoardMember.objects.filter(board__cluster__name=TRANSPORT).select_related("person")
    }
    page.select_option("#id_kind", Meeting.Kind.BOARD)
    page.fill("#id_date", timezone.localdate().isoformat())
    page.fill("#id_place", "Алтайский транспортный техникум, г. Барнаул")
    page.select_option("#id_chair", str(members["Андреева"].person_id))
    page.select_option("#id_secretary", str(members["Данилин"].person_id))
    page.get_by_role("button", name="Сохранить").click()
    meeting = Meeting.objects.filter(cluster__name=TRANSPORT, kind=Meeting.Kind.BOARD).latest("pk")
    assert meeting.number == f"1/{timezone.localdate().year}"

    page.get_by_role("link", name="Отметить присутствующих").click()
    for surname in ("Андреева", "Данилин", "Дмитриева"):
        page.check(f"input[name=people][value='{members[surname].person_id}']")
    page.get_by_role("button", name="Сохранить").click()
    assert meeting.attendances.count() == 3

    page.get_by_role("link", name="Записать решение").click()
    text = "Провести чемпионат профессионального мастерства в апреле 2025 года."
    page.fill("#id_text", text)
    page.select_option(f"#id_vote_{members['Дмитриева'].pk}", Vote.Choice.ABSTAIN)
    page.get_by_role("button", name="Сохранить").click()
    decision = Decision.objects.get(meeting=meeting)
    assert (decision.outcome, decision.votes.count()) == ("adopted", 3)
    assert page.locator(f"#decision-{decision.pk}").inner_text().count(text) == 1

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("DOCX")).click()
    download = download_info.value
    assert download.suggested_filename == f"minutes-{meeting.number.replace('/', '-')}.docx"
    download.save_as(tmp_path / "minutes.docx")
    document = Document(tmp_path / "minutes.docx")
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(text in chunk for chunk in paragraphs + cells)
