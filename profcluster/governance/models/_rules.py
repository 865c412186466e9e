"""Checks shared by the governance models."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


def dates_in_order(start: str, end: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True})
        | Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__gte": F(start)}),
        name=name,
        violation_error_message=_("The end date is before the start date."),
    )


def check_order(errors: dict, start, end, end_field: str) -> None:
    if start and end and end < start:
        errors[end_field] = _("The end date is before the start date.")


def check_participant(errors: dict, cluster_id, organisation, field: str) -> None:
    if (
        organisation is not None
        and cluster_id
        and not organisation.participations.filter(cluster_id=cluster_id).exists()
    ):
        errors[field] = _("This organisation does not take part in the cluster.")


def check_works_at(errors: dict, person, organisation, field: str) -> None:
    if person is not None and organisation is not None and person.organisation_id != organisation.pk:
        errors[field] = _("This person does not work in the chosen organisation.")
