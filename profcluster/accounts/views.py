from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from knox.models import AuthToken

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


@login_required
def profile(request):
    """The user's roles and API tokens; a new token is shown once, only its prefix is kept visible."""
    new_token = None
    if request.method == "POST":
        if "revoke" in request.POST:
            AuthToken.objects.filter(user=request.user, token_key=request.POST["revoke"]).delete()
            messages.success(request, _("The token is revoked."))
            return redirect("profile")
        _instance, new_token = AuthToken.objects.create(user=request.user)
    roles = RoleAssignment.objects.filter(user=request.user).select_related(
        "region", "cluster", "organisation"
    )
    tokens = AuthToken.objects.filter(user=request.user).order_by("-created")
    return render(
        request, "accounts/profile.html", {"roles": roles, "tokens": tokens, "new_token": new_token}
    )
