"""The regional summary as a PDF with charts, generated in the background in the author's scope."""

import base64
import re

from django.urls import reverse

from profcluster.governance.tests.helpers import pdf_text
from profcluster.kpi.models import Indicator, ReportJob, Target
from profcluster.kpi.tests.test_documents import job


def text_of(content: bytes) -> str:
    # Table cells wrap: words of one name may sit on two lines of the PDF; one space between words suffices.
    return " ".join(pdf_text(content).split())


def test_it_generates_the_regional_pdf_with_charts_in_the_background(as_user, data, period, official):
    done = Indicator.objects.get(code="activities_done")
    Target.objects.create(cluster=data.cluster_a2, indicator=done, year=2026, value=5)
    client = as_user(official)
    generated = job(client, "regional_pdf", period, region=data.region_a.pk)
    assert (generated.status, generated.percent) == ("done", 100), generated.error
    response = client.get(reverse("kpi:job_download", args=[generated.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "СВОДКА ПО РЕГИОНУ" in text and data.region_a.name in text
    assert "Кластер А1" in text and "Кластер А2" in text and "Кластер Б" not in text
    assert "Софинансирование по источникам" in text and "100 000 000,00 ₽" in text
    assert done.name in text
    # Risks first: A2 misses its target of activities, so it leads the table.
    assert text.index("Кластер А2") < text.index("Кластер А1")


def test_it_draws_the_dashboard_charts_into_the_pdf(as_user, data, period, official, monkeypatch):
    from profcluster.kpi import documents

    seen = {}
    original = documents.render_to_string

    def keep(template, context):
        seen["html"] = original(template, context)
        return seen["html"]

    monkeypatch.setattr(documents, "render_to_string", keep)
    job(as_user(official), "regional_pdf", period, region=data.region_a.pk)
    charts = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', seen["html"])
    assert len(charts) >= 4  # statuses, sources, the clusters' money, one per indicator measured
    drawn = base64.b64decode(charts[0]).decode()
    assert drawn.startswith("<svg") and "Кластер А1" in drawn and "Кластер Б" not in drawn


def test_it_keeps_the_regional_pdf_to_the_authors_scope(as_user, data, period, official, federal):
    response = as_user(official).post(
        reverse("kpi:job_add"), {"kind": "regional_pdf", "period": period.pk, "region": data.region_b.pk}
    )
    assert response.status_code == 404 and not ReportJob.objects.exists()
    generated = job(as_user(federal), "regional_pdf", period, region=data.region_b.pk)
    text = text_of(bytes(generated.content))
    assert "Кластер Б" in text and "Кластер А1" not in text
    assert as_user(official).get(reverse("kpi:job_download", args=[generated.pk])).status_code == 404


def test_it_asks_for_the_region_of_a_pdf_summary(as_user, data, period, federal):
    response = as_user(federal).post(reverse("kpi:job_add"), {"kind": "regional_pdf", "period": period.pk})
    assert response.status_code == 302 and not ReportJob.objects.exists()


def test_it_offers_the_pdf_next_to_the_regional_xlsx(as_user, data, period, official):
    response = as_user(official).get(reverse("kpi:region", args=[data.region_a.pk]), {"period": period.pk})
    assert 'value="regional_pdf"' in response.text and 'value="regional"' in response.text
