from django.urls import reverse

from profcluster.finance.models import BudgetLine, BudgetRevision, Payment
from profcluster.finance.tests.conftest import M, commitment, payment


def payment_data(entry, **overrides):
    data = {
        "year": entry.year,
        "source": entry.source,
        "category": entry.category_id,
        "organisation": entry.organisation_id,
        "commitment": entry.commitment_id or "",
        "document": entry.document,
        "date": "2023-04-01",
        "amount": str(entry.amount),
        "justification": entry.justification,
        "change_reason": "",
    }
    return {**data, **overrides}


def test_it_lets_the_regional_ministry_verify_and_the_federal_operator_accept(
    as_user, money, categories, official, federal, manager
):
    p = payment(money, categories, amount=M, commitment=commitment(money, categories, amount=M))
    assert as_user(manager).post(reverse("finance:payment_verify", args=[p.pk])).status_code == 404
    assert as_user(federal).post(reverse("finance:payment_accept", args=[p.pk])).status_code == 302
    p.refresh_from_db()
    assert p.stage == "spent"  # a payment is accepted only after verification
    as_user(official).post(reverse("finance:payment_verify", args=[p.pk]))
    as_user(federal).post(reverse("finance:payment_accept", args=[p.pk]))
    p.refresh_from_db()
    assert (p.stage, p.verified_by, p.accepted_by) == ("accepted", official, federal)


def test_it_locks_a_verified_payment_against_the_cluster_manager(
    as_user, money, categories, manager, official
):
    p = payment(money, categories, amount=M, commitment=commitment(money, categories, amount=2 * M))
    as_user(official).post(reverse("finance:payment_verify", args=[p.pk]))
    url = reverse("finance:payment_edit", args=[p.pk])
    assert as_user(manager).post(url, payment_data(p, amount="2 000 000")).status_code == 404
    p.refresh_from_db()
    assert p.amount == M


def test_it_lets_the_verifier_change_a_locked_payment_only_with_a_reason(
    as_user, money, categories, official
):
    p = payment(money, categories, amount=M, commitment=commitment(money, categories, amount=2 * M))
    client = as_user(official)
    client.post(reverse("finance:payment_verify", args=[p.pk]))
    url = reverse("finance:payment_edit", args=[p.pk])
    response = client.post(url, payment_data(p, amount="2 000 000"))
    assert "change_reason" in response.context["form"].errors
    client.post(url, payment_data(p, amount="2 000 000", change_reason="Уточнение по акту сверки"))
    p.refresh_from_db()
    assert p.amount == 2 * M and p.stage == "verified"
    newest, older = p.history.all()[:2]
    assert (newest.amount, older.amount, newest.history_change_reason) == (
        2 * M,
        M,
        "Уточнение по акту сверки",
    )


def test_it_keeps_accepted_payments_for_the_federal_operator(as_user, money, categories, official):
    p = payment(
        money, categories, amount=M, commitment=commitment(money, categories, amount=M), stage="accepted"
    )
    assert as_user(official).get(reverse("finance:payment_edit", args=[p.pk])).status_code == 404


def test_it_makes_a_new_plan_revision_and_keeps_the_old_one(as_user, money, categories, manager):
    eq = categories["equipment"].pk
    data = {
        f"amount_federal_{eq}": "110 000 000",
        f"amount_employer_{eq}": "20 000 000",
        "reason": "Решение УК № 3",
    }
    response = as_user(manager).post(reverse("finance:budget_edit", args=[money.cluster_a.pk, 2023]), data)
    assert response.status_code == 302
    revisions = BudgetRevision.objects.filter(cluster=money.cluster_a).order_by("number")
    assert [(r.number, r.is_current) for r in revisions] == [(1, False), (2, True)]
    assert BudgetLine.objects.filter(revision=revisions[0]).count() == 3
    page = as_user(manager).get(reverse("finance:budget_revisions", args=[money.cluster_a.pk, 2023]))
    assert "Решение УК № 3" in page.text and "Соглашение о предоставлении гранта" in page.text


def test_it_refuses_a_plan_without_a_reason(as_user, money, categories, manager):
    response = as_user(manager).post(
        reverse("finance:budget_edit", args=[money.cluster_a.pk, 2023]), {"reason": ""}
    )
    assert "reason" in response.context["form"].errors
    assert BudgetRevision.objects.count() == 1


def test_it_lets_the_employer_confirm_or_dispute_its_contribution(as_user, money, categories, employer):
    c = commitment(money, categories, amount=5 * M, source="employer", organisation=money.employer_a)
    client = as_user(employer)
    url = reverse("finance:entry_confirm", args=["commitment", c.pk])
    client.post(url, {"decision": "dispute", "comment": ""})
    c.refresh_from_db()
    assert c.confirmation == "pending"  # a dispute must say what is wrong
    client.post(url, {"decision": "dispute", "comment": "Оборудование передано на 4 млн"})
    c.refresh_from_db()
    assert (c.confirmation, c.confirmation_comment) == ("disputed", "Оборудование передано на 4 млн")


def test_it_refuses_confirming_somebody_elses_contribution(as_user, money, categories, employer):
    c = commitment(money, categories, amount=5 * M)
    assert (
        as_user(employer)
        .post(reverse("finance:entry_confirm", args=["commitment", c.pk]), {"decision": "confirm"})
        .status_code
        == 404
    )


def test_it_shows_verified_payments_as_locked(as_user, money, categories, official):
    p = payment(money, categories, amount=M, justification="Аванс", stage=Payment.Stage.VERIFIED)
    response = as_user(official).get(reverse("finance:payment_detail", args=[p.pk]))
    assert "bi-lock-fill" in response.text


def test_it_refuses_to_overwrite_a_change_made_meanwhile(
    client, django_user_model, money, categories, official
):
    p = payment(money, categories, amount=M, commitment=commitment(money, categories, amount=3 * M))
    first, second = client, type(client)()
    first.force_login(official)
    second.force_login(official)
    url = reverse("finance:payment_edit", args=[p.pk])
    seen = first.get(url).context["form"].initial["seen_version"]
    assert second.post(url, payment_data(p, amount="2 000 000", seen_version=seen)).status_code == 302
    response = first.post(url, payment_data(p, amount="2 500 000", seen_version=seen))
    assert response.status_code == 200
    message = " ".join(response.context["form"].non_field_errors()).replace("\xa0", " ")
    assert "изменил" in message and "2000000.00" in message
    p.refresh_from_db()
    assert p.amount == 2 * M


def test_it_restores_an_earlier_version_with_a_reason(as_user, money, categories, manager):
    c = commitment(money, categories, amount=10 * M)
    c.amount, c._change_reason = 12 * M, "Ошибка ввода"
    c.save()
    first = c.history.order_by("history_id").first()
    client = as_user(manager)
    url = reverse("finance:commitment_restore", args=[c.pk, first.history_id])
    client.post(url, {"reason": ""})
    c.refresh_from_db()
    assert c.amount == 12 * M  # a restore must say why
    client.post(url, {"reason": "Сумма по договору — 10 млн"})
    c.refresh_from_db()
    assert c.amount == 10 * M
    assert c.history.first().history_change_reason == "Сумма по договору — 10 млн"
