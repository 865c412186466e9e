from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from profcluster.finance.models import BudgetLine, BudgetRevision, Confirmation, LedgerEntry, Payment


@transaction.atomic
def budget_revise(
    *, cluster, year: int, amounts: dict[tuple[str, int], Decimal], reason: str, user
) -> BudgetRevision:
    """Make a new current revision of a cluster's plan for a year; the previous one stays readable."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the plan changes.")})
    previous = (
        BudgetRevision.objects.select_for_update()
        .filter(cluster=cluster, year=year)
        .order_by("-number")
        .first()
    )
    if previous is not None:
        BudgetRevision.objects.filter(cluster=cluster, year=year, is_current=True).update(is_current=False)
    revision = BudgetRevision(
        cluster=cluster,
        year=year,
        number=(previous.number + 1) if previous else 1,
        reason=reason,
        created_by=user,
        is_current=True,
    )
    revision.full_clean()
    revision._change_reason = reason
    revision.save()
    lines = [
        BudgetLine(revision=revision, source=source, category_id=category_id, amount=amount)
        for (source, category_id), amount in sorted(amounts.items())
        if amount
    ]
    for line in lines:
        line.full_clean(exclude=["revision"])
    BudgetLine.objects.bulk_create(lines)
    return revision


@transaction.atomic
def payment_verify(*, payment: Payment, user) -> Payment:
    """The regional ministry checked the documents: the payment is locked for everybody but the ministry."""
    if payment.stage != Payment.Stage.SPENT:
        raise ValidationError(_("Only a payment that is not yet verified can be verified."))
    payment.stage = Payment.Stage.VERIFIED
    payment.verified_by, payment.verified_at = user, timezone.now()
    payment._change_reason = _("Verified by the regional ministry")
    payment.save()
    return payment


@transaction.atomic
def payment_accept(*, payment: Payment, user) -> Payment:
    """The federal operator accepts a verified payment into the project's reporting."""
    if payment.stage != Payment.Stage.VERIFIED:
        raise ValidationError(_("Only a verified payment can be accepted."))
    payment.stage = Payment.Stage.ACCEPTED
    payment.accepted_by, payment.accepted_at = user, timezone.now()
    payment._change_reason = _("Accepted by the federal operator")
    payment.save()
    return payment


@transaction.atomic
def entry_confirm(*, entry: LedgerEntry, confirmed: bool, comment: str) -> LedgerEntry:
    """The contributing organisation confirms a record attributed to it, or disputes it with a comment."""
    if not confirmed and not comment.strip():
        raise ValidationError({"comment": _("Say what is wrong with the record.")})
    entry.confirmation = Confirmation.CONFIRMED if confirmed else Confirmation.DISPUTED
    entry.confirmation_comment = comment
    entry._change_reason = (
        _("Confirmed by the organisation") if confirmed else _("Disputed by the organisation")
    )
    entry.save(update_fields=["confirmation", "confirmation_comment"])
    return entry
