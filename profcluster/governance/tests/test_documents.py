from django.urls import reverse

from profcluster.governance.tests.helpers import docx_text, pdf_pages, pdf_text


def test_it_writes_the_minutes_as_docx(as_user, employer, decided):
    response = as_user(employer).get(reverse("governance:meeting_minutes", args=[decided.meeting_id, "docx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="minutes-1-2023.docx"'
    text = docx_text(response.content)
    assert "ПРОТОКОЛ № 1/2023" in text
    assert "Данилин Николай, Директор, Работодатель А — член" in text
    assert "присутствуют 2 из 2 членов с правом голоса, необходимо 2" in text and "кворум имеется" in text
    assert "1. Об утверждении плана мероприятий на 2023 год" in text
    assert "Решение № 1/2023-1. Утвердить план мероприятий на 2023 год" in text
    assert "за — 2, против — 0, воздержались — 0. Принято." in text
    assert "Организовать повышение квалификации преподавателей" in text and "01.12.2023" in text


def test_it_writes_the_minutes_as_pdf(as_user, manager, decided):
    response = as_user(manager).get(reverse("governance:meeting_minutes", args=[decided.meeting_id, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and pdf_pages(response.content) == 1
    text = " ".join(pdf_text(response.content).split())
    assert "ПРОТОКОЛ № 1/2023" in text and "Решение № 1/2023-1." in text
    assert "Павловская Инна" in text and "кворум имеется" in text
    assert "за — 2, против — 0, воздержались — 0. Принято." in text
    assert "Организовать повышение квалификации преподавателей" in text and "01.12.2023" in text


def test_it_writes_the_report_on_work_done_with_plan_and_fact(as_user, manager, programme):
    url = reverse("governance:programme_document", args=[programme.pk, "report", 2023, "docx"])
    text = docx_text(as_user(manager).get(url).content)
    assert "Отчёт о проделанной работе за 2023 год" in text
    rows = text.split("\n")
    counts = {rows[i]: rows[i + 1] for i in range(len(rows) - 1)}
    assert (counts["Выполнено"], counts["Перенесено"], counts["Просрочено"]) == ("1", "1", "2")
    assert counts["Мероприятий в плане"] == "4"
    assert "15.02.2023 — 24.11.2023" in text


def test_it_writes_the_plan_of_events_as_pdf(as_user, official, programme):
    url = reverse("governance:programme_document", args=[programme.pk, "plan", 2023, "pdf"])
    response = as_user(official).get(url)
    assert response.content.startswith(b"%PDF-") and pdf_pages(response.content) >= 1
    text = " ".join(pdf_text(response.content).split())
    assert "План мероприятий на 2023 год" in text
    assert (
        "Модернизация мастерских" in text
        and "Контрольная точка: Модернизация мастерских (25.08.2023)" in text
    )


def test_it_answers_404_for_an_absurd_year(as_user, manager, programme):
    url = f"/governance/programmes/{programme.pk}/plan/1999.pdf"
    assert as_user(manager).get(url).status_code == 404
