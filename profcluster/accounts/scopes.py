"""What a user's scoped roles add up to, as filters any model can apply to its own rows.

Visibility follows the project's organisation:
- a regional official sees the clusters of its region and every organisation of the region or its clusters;
- a cluster manager sees its cluster and the organisations taking part in it;
- an organisation member sees its organisation, the clusters it takes part in and their other participants;
- the federal operator sees everything but changes nothing.
Changing is narrower: a regional official changes its region's clusters and organisations, a cluster manager
its cluster (not the participants' own records), an organisation member its own organisation.
"""

from dataclasses import dataclass

from django.db.models import Q

from profcluster.clusters.models import Participation
from profcluster.core.permissions import ACCEPT, PERSONAL_DATA, VERIFY, VIEW


@dataclass(frozen=True)
class UserScope:
    action: str
    user_id: int | None = None
    everything: bool = False
    region_ids: frozenset[int] = frozenset()
    cluster_ids: frozenset[int] = frozenset()
    organisation_ids: frozenset[int] = frozenset()

    def cluster_q(self, prefix: str = "") -> Q:
        """Clusters inside the scope; `prefix` reaches a cluster from another model, e.g. "cluster__"."""
        if self.action == PERSONAL_DATA:
            return Q(pk__in=[])  # personal data is a property of organisations, not of clusters
        q = Q(**{f"{prefix}region_id__in": self.region_ids}) | Q(**{f"{prefix}id__in": self.cluster_ids})
        if self.action == VIEW and self.organisation_ids:
            through_member = Participation.objects.filter(organisation_id__in=self.organisation_ids)
            q |= Q(**{f"{prefix}id__in": through_member.values("cluster_id")})
        return q

    def cluster_or_own_q(
        self, cluster_prefix: str = "cluster__", organisation_field: str | None = "organisation"
    ):
        """Rows of a cluster in which an organisation member sees only its own organisation's rows.

        For records such as money: the employer sees the contributions attributed to it, not its partners'.
        Rows that belong to no organisation (`organisation_field=None`, e.g. a cluster's plan) are not an
        organisation member's to see at all.
        """
        q = Q(**{f"{cluster_prefix}region_id__in": self.region_ids})
        q |= Q(**{f"{cluster_prefix}id__in": self.cluster_ids})
        if self.action == VIEW and organisation_field:
            q |= Q(**{f"{organisation_field}_id__in": self.organisation_ids})
        return q

    def organisation_q(self, prefix: str = "") -> Q:
        """Organisations inside the scope; `prefix` reaches an organisation from another model."""
        pk = f"{prefix}id__in"
        q = Q(**{pk: self.organisation_ids}) | Q(**{f"{prefix}region_id__in": self.region_ids})
        if self.region_ids:
            in_region_clusters = Participation.objects.filter(cluster__region_id__in=self.region_ids)
            q |= Q(**{pk: in_region_clusters.values("organisation_id")})
        if self.action in (VIEW, PERSONAL_DATA) and self.cluster_ids:
            # A cluster manager sees its participants and, managing the cluster, their staff's personal data.
            in_clusters = Participation.objects.filter(cluster_id__in=self.cluster_ids)
            q |= Q(**{pk: in_clusters.values("organisation_id")})
        if self.action == VIEW and self.organisation_ids:
            partners = Participation.objects.filter(
                cluster__participations__organisation_id__in=self.organisation_ids
            )
            q |= Q(**{pk: partners.values("organisation_id")})
        return q


def scope_for(user, action: str) -> UserScope:
    from profcluster.accounts.models import RoleAssignment

    federal, regional = RoleAssignment.Role.FEDERAL, RoleAssignment.Role.REGIONAL
    roles = RoleAssignment.objects.filter(user=user)
    if action == ACCEPT:
        # Acceptance is the federal operator's one act: it covers everything, and nothing else grants it.
        return UserScope(action=action, user_id=user.pk, everything=roles.filter(role=federal).exists())
    if action != VIEW:
        # Changing, verifying and reading personal data all require a read-write role.
        roles = roles.filter(can_write=True)
    if action == VERIFY:
        # Money is verified by the regional ministry, never by those who spend it.
        roles = roles.filter(role=regional)
    region_ids, cluster_ids, organisation_ids = set(), set(), set()
    everything = False
    for role, region_id, cluster_id, organisation_id in roles.values_list(
        "role", "region_id", "cluster_id", "organisation_id"
    ):
        if role == federal:
            everything = action == VIEW
        elif region_id:
            region_ids.add(region_id)
        elif cluster_id:
            cluster_ids.add(cluster_id)
        elif organisation_id:
            organisation_ids.add(organisation_id)
    return UserScope(
        action=action,
        user_id=user.pk,
        everything=everything,
        region_ids=frozenset(region_ids),
        cluster_ids=frozenset(cluster_ids),
        organisation_ids=frozenset(organisation_ids),
    )


def a_federal_user():
    """An active user who sees the whole country: the boards computed for the federal operators in the
    background (core.datacache.warm) are computed as one of them sees them. None if there is none."""
    from profcluster.accounts.models import RoleAssignment, User

    federal = RoleAssignment.objects.filter(role=RoleAssignment.Role.FEDERAL).values("user_id")
    return User.objects.filter(is_active=True, pk__in=federal).order_by("pk").first()
