"""Importable registers of this app: commitments (agreements and contracts), by cluster and number, and
payments (платёжные документы), by cluster, organisation, document number and date.

A payment document is identified the way accountants write it, «№ 15 от 12.03.2023» of one organisation:
numbers restart every year and differ between organisations, so the number alone says nothing. The plan
(budget lines) is not importable: a change of plan makes a new revision through `budget_revise`, which
touches several models.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from profcluster.clusters.models import Cluster
from profcluster.core.importer import (
    Column,
    ImportSpec,
    Lookup,
    among,
    choice,
    day,
    decimal,
    integer,
    related,
    text,
)
from profcluster.core.permissions import VIEW
from profcluster.finance.models import Commitment, Payment, Source, SpendingCategory
from profcluster.organisations.models import Organisation


def payment_checks(payment: Payment, values) -> None:
    """The rules the payment form adds to the model's: a participant of the cluster, no change to a locked
    payment."""
    errors = {}
    if payment.pk and payment.locked:
        # A verified or accepted payment is changed only by the role that locked it, on its page, with a
        # reason; a file carries no reason and its author may not be that role.
        errors["document"] = _("The payment is verified or accepted: change it on its page.")
    if (
        payment.cluster_id
        and payment.organisation_id
        and payment.cluster_id not in _clusters_of(payment.organisation)
    ):
        errors["organisation"] = _("This organisation does not take part in the cluster.")
    if errors:
        raise ValidationError(errors)


def _clusters_of(organisation: Organisation) -> set:
    """The clusters the organisation takes part in, asked once per organisation record: an import gives
    every row of one ИНН the same record (the column's parser keeps it), so a file of 10 000 payments of
    50 organisations asks 50 times instead of 10 000. Kept on the record, which lives as long as the
    import."""
    clusters = organisation.__dict__.get("_payment_clusters")
    if clusters is None:
        clusters = set(organisation.participations.order_by().values_list("cluster_id", flat=True))
        organisation.__dict__["_payment_clusters"] = clusters
    return clusters


def find_commitment(user, cluster, commitment):
    # Contract numbers are unique within a cluster only: «Д-1» of another cluster is another contract.
    return Commitment.objects.restrict(user, VIEW).filter(cluster=cluster, number=commitment.strip())


def find_commitments(user, combinations):
    """`find_commitment` for a chunk of rows, in one query."""
    keys = {(cluster, number): (cluster.pk, number.strip()) for cluster, number in combinations}
    commitments = Commitment.objects.restrict(user, VIEW).filter(
        cluster__in={pk for pk, _number in keys.values()}
    )
    commitments = among(commitments, ("cluster_id", "number"), set(keys.values()))
    found = defaultdict(list)
    for commitment in commitments.order_by():
        found[commitment.cluster_id, commitment.number].append(commitment)
    return {combination: found[keys[combination]] for combination in combinations}


SPECS = [
    ImportSpec(
        slug="commitments",
        title=_("Commitments"),
        model=Commitment,
        key=("cluster", "number"),
        columns=[
            Column(
                "cluster",
                "Кластер",
                related(lambda user: Cluster.objects.restrict(user, VIEW), "name__iexact"),
                ("cluster",),
                required=True,
                example="ОПЦ лёгкой промышленности",
            ),
            Column("number", "Номер", text, ("номер договора", "number"), required=True, example="ПФ-2022/1"),
            Column("date", "Дата", day, ("дата договора", "date"), required=True, example="15.09.2022"),
            Column("year", "Год", integer, ("year",), required=True, example=2022),
            Column(
                "source",
                "Источник",
                choice(Source.choices),
                ("источник финансирования", "source"),
                required=True,
                example="федеральный бюджет",
            ),
            Column(
                "category",
                "Направление расходов",
                related(lambda user: SpendingCategory.objects.all(), "name__iexact", "code"),
                ("направление", "category"),
                required=True,
                example="Оборудование",
            ),
            Column(
                "organisation",
                "ИНН организации",
                related(lambda user: Organisation.objects.restrict(user, VIEW), "inn"),
                ("инн", "организация"),
                required=True,
                example="2225010058",
            ),
            Column(
                "amount", "Сумма", decimal, ("сумма руб", "amount"), required=True, example="65 000 000,00"
            ),
            Column("counterparty_name", "Контрагент", text, ("поставщик", "counterparty")),
            Column("subject", "Предмет", text, ("предмет договора", "subject")),
            Column("justification", "Обоснование превышения", text, ("обоснование", "justification")),
        ],
    ),
    ImportSpec(
        slug="payments",
        title=_("Payments"),
        model=Payment,
        key=("cluster", "organisation", "document", "date"),
        check=payment_checks,
        lookups=[
            Lookup(
                "commitment",
                cells=(
                    "cluster",
                    Column(
                        "commitment",
                        "Номер договора",
                        text,
                        ("договор", "соглашение", "номер соглашения", "commitment"),
                        example="ПФ-2022/1",
                        help=_(
                            "The agreement or contract the payment spends: same cluster, year, source and "
                            "category. Left empty, write a justification."
                        ),
                    ),
                ),
                find=find_commitment,
                find_many=find_commitments,
            )
        ],
        columns=[
            Column(
                "cluster",
                "Кластер",
                related(lambda user: Cluster.objects.restrict(user, VIEW), "name__iexact"),
                ("наименование кластера", "cluster"),
                required=True,
                example="ОПЦ лёгкой промышленности",
            ),
            Column(
                "organisation",
                "ИНН организации",
                related(lambda user: Organisation.objects.restrict(user, VIEW), "inn"),
                ("инн", "организация", "плательщик"),
                required=True,
                example="2225010058",
                help=_("The participant of the cluster that spent or contributed the money."),
            ),
            Column(
                "document",
                "Платёжный документ",
                text,
                ("номер документа", "платежное поручение", "номер пп", "документ", "document"),
                required=True,
                example="ПП-123",
                help=_("The number of the payment order or act, as in the accounts."),
            ),
            Column(
                "date",
                "Дата",
                day,
                ("дата документа", "дата платежа", "date"),
                required=True,
                example="12.03.2023",
            ),
            Column(
                "year",
                "Год",
                integer,
                ("год финансирования", "year"),
                required=True,
                example=2023,
                help=_("The year of the plan the money belongs to."),
            ),
            Column(
                "source",
                "Источник",
                choice(Source.choices),
                ("источник финансирования", "source"),
                required=True,
                example="федеральный бюджет",
            ),
            Column(
                "category",
                "Направление расходов",
                related(lambda user: SpendingCategory.objects.all(), "name__iexact", "code"),
                ("направление", "category"),
                required=True,
                example="Оборудование",
            ),
            Column(
                "amount",
                "Сумма",
                decimal,
                ("сумма руб", "сумма платежа", "amount"),
                required=True,
                example="1 234 567,89",
                help=_("Roubles and kopecks, e.g. 1 234 567,89."),
            ),
            Column("justification", "Обоснование превышения", text, ("обоснование", "justification")),
        ],
    ),
]
