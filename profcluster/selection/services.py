"""Writes of the selection: the call feeding the co-financing rules, the application's lifecycle, expert
scores, and the conversion of a selected application into a cluster."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from profcluster.clusters.models import Cluster, Participation
from profcluster.clusters.services import cluster_save
from profcluster.core.permissions import ACCEPT, CHANGE
from profcluster.finance.models import CofinancingRule
from profcluster.finance.services import budget_revise
from profcluster.governance.models import Activity, Programme
from profcluster.selection.models import (
    Application,
    ClusterShowcase,
    Criterion,
    Expert,
    ExpertAssignment,
    Score,
    SelectionCall,
    Transition,
)

S = Application.Status
# (from, to) → the action the user needs on the application: the region submits its own application, the
# federal operator (its "accept" scope) runs the review and decides.
TRANSITIONS = {
    (S.DRAFT, S.SUBMITTED): CHANGE,
    (S.SUBMITTED, S.UNDER_REVIEW): ACCEPT,
    (S.SUBMITTED, S.DRAFT): ACCEPT,  # returned to the region for corrections
    (S.UNDER_REVIEW, S.SELECTED): ACCEPT,
    (S.UNDER_REVIEW, S.NOT_SELECTED): ACCEPT,
}


@transaction.atomic
def call_save(*, call: SelectionCall, industries=None, change_reason: str = "") -> SelectionCall:
    """Save a call; a published call sets the minimum co-financing rules of its year and cluster kind.

    A draft leaves the rules alone: finance checks clusters against them, and a call still being written
    must not change what existing clusters are measured by.
    """
    call.full_clean()
    call._change_reason = change_reason
    call.save()
    if industries is not None and {i.pk for i in industries} != set(
        call.industries.values_list("pk", flat=True)
    ):
        call.industries.set(industries)
    if call.is_published:
        for basis, minimum in (
            (CofinancingRule.Basis.REGIONAL, call.min_regional_percent),
            (CofinancingRule.Basis.NON_BUDGET, call.min_non_budget_percent),
        ):
            rule = CofinancingRule.objects.filter(
                selection_year=call.year, cluster_kind=call.cluster_kind, basis=basis
            ).first()
            if rule is not None and rule.min_percent == minimum:
                continue  # unchanged: no history record for nothing
            if rule is None:
                rule = CofinancingRule(selection_year=call.year, cluster_kind=call.cluster_kind, basis=basis)
            rule.min_percent = minimum
            rule.full_clean()
            rule._change_reason = gettext("Set by the selection call «%(call)s»") % {"call": call.title}
            rule.save()
    return call


def _check_complete(application: Application) -> None:
    errors = []
    if not application.programmes.exists():
        errors.append(_("Add at least one planned programme."))
    if not application.budget_lines.exists():
        errors.append(_("Add the budget."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def application_transition(*, application: Application, to: str, user, comment: str = "") -> Application:
    """Move an application along its lifecycle and record who did it and when.

    The caller has checked that the user holds the action `TRANSITIONS` names for this step.
    """
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    step = (application.status, to)
    if step not in TRANSITIONS:
        raise ValidationError(
            _("An application cannot go from «%(from)s» to «%(to)s».")
            % {"from": application.get_status_display(), "to": S(to).label}
        )
    if to == S.SUBMITTED:
        if not application.call.is_open():
            raise ValidationError(_("The call does not accept applications now."))
        _check_complete(application)
    if to == S.DRAFT and not comment.strip():
        raise ValidationError(_("Say what the region must correct."))
    Transition.objects.create(
        application=application, from_status=application.status, to_status=to, user=user, comment=comment
    )
    application.status = to
    application._change_reason = comment or gettext("Status: %(status)s") % {"status": S(to).label}
    application.save(update_fields=["status"])
    return application


@transaction.atomic
def expert_assign(*, application: Application, expert: Expert, user) -> ExpertAssignment:
    """Assign an expert to an application; one from the application's region or organisations is refused."""
    if application.status not in (S.SUBMITTED, S.UNDER_REVIEW):
        raise ValidationError(_("Experts are assigned to submitted applications."))
    assignment = ExpertAssignment(application=application, expert=expert)
    assignment.full_clean()
    assignment._change_reason = gettext("Assigned by %(user)s") % {"user": user.display_name}
    assignment.save()
    return assignment


@transaction.atomic
def assignment_score(*, assignment: ExpertAssignment, scores: dict[int, tuple[int, str]]) -> None:
    """Record the expert's scores, {criterion id: (score, comment)}, while the application is under review."""
    if assignment.application.status != S.UNDER_REVIEW:
        raise ValidationError(_("Scores are given while the application is under review."))
    # A conflict may appear after assignment (a new role, a new participant): it is checked again here.
    reason = assignment.expert.conflict_with(assignment.application)
    if reason:
        raise ValidationError(reason)
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    criteria = {c.pk: c for c in Criterion.objects.filter(call_id=assignment.application.call_id)}
    for criterion_id, (value, comment) in scores.items():
        score = existing.get(criterion_id) or Score(assignment=assignment, criterion=criteria[criterion_id])
        if score.pk and (score.score, score.comment) == (value, comment):
            continue
        score.score, score.comment = value, comment
        score.full_clean()
        score.save()


@transaction.atomic
def application_convert(*, application: Application, user) -> Cluster:
    """Turn a selected application into a cluster: participants, budget plan and programme of activities.

    Everything or nothing: a cluster half made from an application would be counted in reports.
    """
    application = (
        Application.objects.select_for_update().select_related("call", "base_college").get(pk=application.pk)
    )
    if application.status != S.SELECTED:
        raise ValidationError(_("Only a selected application becomes a cluster."))
    if application.cluster_id:
        raise ValidationError(_("The application has already become a cluster."))
    call = application.call
    reason = gettext("Selected in «%(call)s», application № %(number)s") % {
        "call": call.title,
        "number": application.pk,
    }
    cluster = Cluster(
        kind=call.cluster_kind,
        name=application.cluster_name,
        region_id=application.region_id,
        industry_id=application.industry_id,
        selection_year=call.year,
        base_organisation=application.base_college,
        status=Cluster.Status.SELECTED,
        description=application.summary,
    )
    cluster.full_clean()
    cluster_save(cluster=cluster, change_reason=reason)
    for participant in application.participants.all():
        participation = Participation(
            cluster=cluster,
            organisation_id=participant.organisation_id,
            role=participant.role,
            obligations=participant.obligations,
        )
        participation.full_clean()
        participation._change_reason = reason
        participation.save()
    plans: dict[int, dict[tuple[str, int], Decimal]] = defaultdict(dict)
    for line in application.budget_lines.all():
        plans[line.year][(line.source, line.category_id)] = line.amount
    for year, amounts in sorted(plans.items()):
        budget_revise(cluster=cluster, year=year, amounts=amounts, reason=reason, user=user)
    _programme_from(application, cluster, reason)
    showcase = showcase_for(cluster)
    showcase._change_reason = reason
    showcase.save()
    application.cluster = cluster
    application._change_reason = gettext("Became the cluster «%(name)s»") % {"name": cluster.name}
    application.save(update_fields=["cluster"])
    return cluster


def _programme_from(application: Application, cluster: Cluster, reason: str) -> Programme | None:
    activities = list(application.activities.all())
    if not activities:
        return None
    years = [a.year for a in activities]
    programme = Programme(
        cluster=cluster,
        title=gettext("Programme of activities of %(name)s") % {"name": cluster.name},
        version=1,
        period_start=datetime.date(min(years), 1, 1),
        period_end=datetime.date(max(years), 12, 31),
        notes=reason,
    )
    programme.full_clean()
    programme._change_reason = reason
    programme.save()
    for draft in activities:
        activity = Activity(
            programme=programme,
            title=draft.title,
            direction=draft.direction,
            planned_start=datetime.date(draft.year, 1, 1),
            planned_end=datetime.date(draft.year, 12, 31),
        )
        activity.full_clean()
        activity._change_reason = reason
        activity.save()
    return programme


def showcase_for(cluster: Cluster) -> ClusterShowcase:
    """The cluster's showcase entry, a new unpublished one with the base college's contacts if none yet."""
    showcase = ClusterShowcase.objects.filter(cluster=cluster).first()
    if showcase is None:
        base = cluster.base_organisation
        showcase = ClusterShowcase(
            cluster=cluster, contact_phone=base.phone, contact_email=base.email, contact_website=base.website
        )
    return showcase
