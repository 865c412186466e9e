from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from profcluster.education.models import Confirmation, Placement

CONFIRMED_FIELDS = (
    "group_id",
    "student_id",
    "employer_id",
    "kind",
    "date_from",
    "date_to",
    "hours",
    "mentor_id",
)


@transaction.atomic
def placement_save(*, placement: Placement, change_reason: str = "") -> Placement:
    """Save a placement as the college describes it. Changing what the employer confirmed or disputed asks the
    employer again: its word was about the old facts."""
    if placement.pk:
        before = Placement.objects.select_for_update().get(pk=placement.pk)
        changed = any(getattr(before, name) != getattr(placement, name) for name in CONFIRMED_FIELDS)
        if changed and before.confirmation != Confirmation.PENDING:
            placement.confirmation = Confirmation.PENDING
            placement.confirmation_comment = ""
    placement.full_clean()
    placement._change_reason = change_reason
    placement.save()
    return placement


@transaction.atomic
def placement_confirm(*, placement: Placement, confirmed: bool, comment: str = "") -> Placement:
    """The employer confirms a placement at its organisation, or disputes it saying what is wrong."""
    if not confirmed and not comment.strip():
        raise ValidationError({"comment": _("Say what is wrong with the placement.")})
    placement.confirmation = Confirmation.CONFIRMED if confirmed else Confirmation.DISPUTED
    placement.confirmation_comment = comment.strip()
    placement._change_reason = _("Confirmed by the employer") if confirmed else _("Disputed by the employer")
    placement.save(update_fields=["confirmation", "confirmation_comment"])
    return placement
