import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from profcluster.finance.models import Commitment, Payment
from profcluster.finance.tests.conftest import M, commitment, commitment_form, payment


def test_it_asks_for_a_justification_when_commitments_exceed_the_plan(money, categories):
    with pytest.raises(ValidationError) as error:
        commitment(money, categories, amount=101 * M)
    assert "1 000 000,00" in error.value.message_dict["justification"][0].replace("\xa0", " ")
    commitment(money, categories, amount=101 * M, justification="Дополнительное соглашение № 2")
    assert Commitment.objects.count() == 1


def test_it_counts_other_commitments_of_the_cell(money, categories):
    commitment(money, categories, amount=60 * M)
    with pytest.raises(ValidationError):
        commitment(money, categories, amount=41 * M, number="Д-2")


def test_it_asks_for_a_justification_of_a_payment_without_a_commitment(money, categories):
    with pytest.raises(ValidationError) as error:
        payment(money, categories, amount=M)
    assert "justification" in error.value.message_dict
    payment(money, categories, amount=M, justification="Оплата по счёту")
    assert Payment.objects.count() == 1


def test_it_asks_for_a_justification_of_a_payment_larger_than_its_commitment(money, categories):
    c = commitment(money, categories, amount=10 * M)
    payment(money, categories, amount=6 * M, commitment=c)
    with pytest.raises(ValidationError) as error:
        payment(money, categories, amount=5 * M, commitment=c, document="ПП-2")
    assert "1 000 000,00" in error.value.message_dict["justification"][0].replace("\xa0", " ")


def test_it_refuses_a_payment_against_a_commitment_of_another_source(money, categories):
    c = commitment(money, categories, amount=10 * M)
    with pytest.raises(ValidationError) as error:
        payment(money, categories, amount=M, commitment=c, source="regional")
    assert "commitment" in error.value.message_dict


def test_it_flags_spending_above_commitments_in_the_matrix(as_user, money, categories, official):
    payment(money, categories, amount=3 * M, justification="Аванс")
    response = as_user(official).get(reverse("finance:cluster", args=[money.cluster_a.pk]))
    kinds = {flag.kind: flag.amount for flag in response.context["matrix"].flags}
    assert kinds == {"over_commitments": 3 * M, "unbacked": 3 * M}


def test_it_shows_the_form_error_and_saves_nothing(as_user, money, categories, manager):
    data = commitment_form(money, categories, justification="")
    response = as_user(manager).post(reverse("finance:commitment_add", args=[money.cluster_a.pk]), data)
    assert response.status_code == 200
    assert "justification" in response.context["form"].errors
    assert not Commitment.objects.exists()
    data["justification"] = "Решение управляющей компании"
    response = as_user(manager).post(reverse("finance:commitment_add", args=[money.cluster_a.pk]), data)
    assert response.status_code == 302
    assert Commitment.objects.get().amount == 150 * M
