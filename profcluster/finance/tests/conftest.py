from decimal import Decimal

import pytest

from profcluster.finance.models import CofinancingRule, Commitment, Payment, Source, SpendingCategory
from profcluster.finance.services import budget_revise

M = Decimal("1000000")


@pytest.fixture
def categories(db):
    return {c.code: c for c in SpendingCategory.objects.all()}


@pytest.fixture
def money(world, categories, official):
    """Cluster A1 planned like the seed's light-industry cluster: 100 federal, 20 employer, 10 regional."""
    eq, sites = categories["equipment"].pk, categories["sites"].pk
    budget_revise(
        cluster=world.cluster_a,
        year=2023,
        reason="Соглашение о предоставлении гранта",
        user=official,
        amounts={
            (Source.FEDERAL, eq): 100 * M,
            (Source.EMPLOYER, eq): 20 * M,
            (Source.REGIONAL, sites): 10 * M,
        },
    )
    CofinancingRule.objects.create(selection_year=2023, cluster_kind="opc", basis="regional", min_percent=15)
    CofinancingRule.objects.create(
        selection_year=2023, cluster_kind="opc", basis="non_budget", min_percent=20
    )
    return world


def commitment(world, categories, *, amount, source=Source.FEDERAL, organisation=None, number="Д-1", **extra):
    entry = Commitment(
        cluster=world.cluster_a,
        year=2023,
        source=source,
        category=categories["equipment"],
        organisation=organisation or world.college_a,
        number=number,
        date="2023-03-01",
        amount=amount,
        **extra,
    )
    entry.full_clean()
    entry.save()
    return entry


def payment(
    world,
    categories,
    *,
    amount,
    commitment=None,
    source=Source.FEDERAL,
    organisation=None,
    document="ПП-1",
    **extra,
):
    entry = Payment(
        cluster=world.cluster_a,
        year=2023,
        source=source,
        category=categories["equipment"],
        organisation=organisation or world.college_a,
        document=document,
        date="2023-04-01",
        amount=amount,
        commitment=commitment,
        **extra,
    )
    entry.full_clean()
    entry.save()
    return entry


def commitment_form(world, categories, **changes) -> dict:
    """What a manager types into the new-commitment form of cluster A1."""
    return {
        "year": 2023,
        "source": "federal",
        "category": categories["equipment"].pk,
        "organisation": world.college_a.pk,
        "form": "cash",
        "number": "Д-9",
        "date": "2023-05-01",
        "amount": "150 000 000,00",
        "justification": "Решение управляющей компании",
        **changes,
    }
