from django.db import transaction

from profcluster.clusters.models import Cluster, Participation


@transaction.atomic
def cluster_save(*, cluster: Cluster, change_reason: str = "") -> Cluster:
    """Save a cluster and keep its one base-college participation pointing at its base organisation."""
    cluster._change_reason = change_reason
    cluster.save()
    role = Participation.Role
    base = Participation.objects.select_for_update().filter(cluster=cluster, role=role.BASE_COLLEGE).first()
    if base is not None and base.organisation_id == cluster.base_organisation_id:
        return cluster
    if base is not None:
        # The former base college stays in the cluster, as a participating college.
        base.role = role.COLLEGE
        base._change_reason = change_reason
        base.save()
    participation = Participation.objects.filter(
        cluster=cluster, organisation_id=cluster.base_organisation_id
    ).first()
    if participation is None:
        participation = Participation(cluster=cluster, organisation_id=cluster.base_organisation_id)
    participation.role = role.BASE_COLLEGE
    participation._change_reason = change_reason
    participation.save()
    return cluster
