from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DeleteView, DetailView, UpdateView

from profcluster.clusters.filters import ClusterFilter
from profcluster.clusters.forms import ClusterForm, ParticipationForm
from profcluster.clusters.models import Cluster, Participation
from profcluster.clusters.services import cluster_save
from profcluster.core.permissions import CHANGE, can_register
from profcluster.core.views import (
    HistoryMixin,
    RestrictedEditMixin,
    RestrictedListView,
    RestrictedMixin,
    SafeDeleteMixin,
)


class ClusterListView(RestrictedListView):
    model = Cluster
    filterset_class = ClusterFilter
    template_name = "clusters/cluster_list.html"
    export_name = "clusters"
    export_columns = [
        (_("Cluster"), lambda c: c.name),
        (_("Kind"), lambda c: c.get_kind_display()),
        (_("Region"), lambda c: c.region.name),
        (_("Industry"), lambda c: c.industry.name),
        (_("Selection year"), lambda c: c.selection_year),
        (_("Base organisation"), lambda c: c.base_organisation.short_name),
        (_("Participants"), lambda c: c.participants_count),
        (_("Employers"), lambda c: c.employers_count),
        (_("Status"), lambda c: c.get_status_display()),
    ]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_add": can_register(self.request.user)}

    def get_queryset(self):
        return super().get_queryset().with_facts().order_by("-selection_year", "name", "pk")


class ClusterDetailView(HistoryMixin, RestrictedMixin, DetailView):
    model = Cluster

    def get_queryset(self):
        participations = Participation.objects.select_related("organisation").order_by(
            "role", "organisation__short_name"
        )
        return (
            super()
            .get_queryset()
            .select_related("region", "industry", "base_organisation")
            .prefetch_related(Prefetch("participations", queryset=participations))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = (
            Cluster.objects.restrict(self.request.user, CHANGE).filter(pk=self.object.pk).exists()
        )
        return context


class ClusterFormMixin:
    model = Cluster
    form_class = ClusterForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        self.object = cluster_save(
            cluster=form.instance, change_reason=form.cleaned_data.get("change_reason", "")
        )
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.object.get_absolute_url())


class ClusterCreateView(ClusterFormMixin, RestrictedEditMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_register(request.user):
            raise PermissionDenied(_("Only a regional official with write access creates clusters."))
        return super().dispatch(request, *args, **kwargs)


class ClusterUpdateView(ClusterFormMixin, RestrictedEditMixin, UpdateView):
    pass


class ParticipationMixin(RestrictedEditMixin):
    model = Participation
    form_class = ParticipationForm

    def get_cluster(self):
        raise NotImplementedError

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "cluster": self.get_cluster()}

    def get_success_url(self):
        return self.get_cluster().get_absolute_url()


class ParticipationCreateView(ParticipationMixin, CreateView):
    def get_cluster(self):
        if not hasattr(self, "_cluster"):
            self._cluster = get_object_or_404(
                Cluster.objects.restrict(self.request.user, CHANGE), pk=self.kwargs["pk"]
            )
        return self._cluster


class ParticipationUpdateView(ParticipationMixin, UpdateView):
    def get_cluster(self):
        return self.object.cluster

    def get_queryset(self):
        return super().get_queryset().select_related("cluster", "organisation")


class ParticipationDeleteView(SafeDeleteMixin, RestrictedEditMixin, DeleteView):
    model = Participation
    template_name = "core/confirm_delete.html"
    success_message = _("Removed.")

    def get_queryset(self):
        # The base college leaves only by naming another base organisation on the cluster.
        return super().get_queryset().exclude(role=Participation.Role.BASE_COLLEGE).select_related("cluster")

    def get_success_url(self):
        return reverse("clusters:cluster_detail", args=[self.object.cluster_id])
