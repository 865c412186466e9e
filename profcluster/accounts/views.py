from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from profcluster.accounts.models import RoleAssignment
from profcluster.clusters.models import Cluster
from profcluster.core.permissions import VIEW


@login_required
def home(request):
    """The clusters the user may see, with their key facts, and the roles that make them visible."""
    clusters = Cluster.objects.restrict(request.user, VIEW).with_facts().order_by("-selection_year", "name")
    roles = (
        RoleAssignment.objects.restrict(request.user, VIEW)
        .filter(user=request.user)
        .select_related("region", "cluster", "organisation")
    )
    return render(request, "accounts/home.html", {"clusters": clusters, "roles": roles})
