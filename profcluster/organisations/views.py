from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DeleteView, DetailView, UpdateView

from profcluster.clusters.models import Participation
from profcluster.core.permissions import CHANGE, VIEW, can_register
from profcluster.core.views import (
    HistoryMixin,
    RestrictedEditMixin,
    RestrictedListView,
    RestrictedMixin,
    SafeDeleteMixin,
)
from profcluster.organisations.filters import OrganisationFilter
from profcluster.organisations.forms import OrganisationForm, PersonForm
from profcluster.organisations.models import Organisation, Person, personal_data_visible


class OrganisationListView(RestrictedListView):
    model = Organisation
    filterset_class = OrganisationFilter
    template_name = "organisations/organisation_list.html"
    export_name = "organisations"
    export_columns = [
        (_("Short name"), lambda o: o.short_name),
        (_("Full name"), lambda o: o.full_name),
        (_("Kind"), lambda o: o.get_kind_display()),
        (_("INN"), lambda o: o.inn),
        (_("KPP"), lambda o: o.kpp),
        (_("OGRN / OGRNIP"), lambda o: o.ogrn),
        (_("Region"), lambda o: o.region.name),
        (_("Clusters"), lambda o: o.clusters_count),
    ]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_add": can_register(self.request.user)}

    def get_queryset(self):
        return super().get_queryset().with_facts().order_by("short_name", "pk")


class OrganisationDetailView(HistoryMixin, RestrictedMixin, DetailView):
    model = Organisation

    def get_queryset(self):
        return super().get_queryset().select_related("region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, organisation = self.request.user, self.object
        context["can_change"] = (
            Organisation.objects.restrict(user, CHANGE).filter(pk=organisation.pk).exists()
        )
        context["show_personal_data"] = personal_data_visible(user, organisation)
        context["people"] = Person.objects.restrict(user, VIEW).filter(organisation=organisation)
        # Only the clusters the user may see: taking part in a cluster elsewhere is not the user's business.
        context["participations"] = (
            Participation.objects.restrict(user, VIEW)
            .filter(organisation=organisation)
            .select_related("cluster", "cluster__region")
        )
        return context


class OrganisationFormMixin:
    model = Organisation
    form_class = OrganisationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class OrganisationCreateView(OrganisationFormMixin, RestrictedEditMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_register(request.user):
            raise PermissionDenied(_("Only a regional official with write access adds organisations."))
        return super().dispatch(request, *args, **kwargs)


class OrganisationUpdateView(OrganisationFormMixin, RestrictedEditMixin, UpdateView):
    pass


class PersonMixin(RestrictedEditMixin):
    model = Person
    form_class = PersonForm

    def get_organisation(self):
        raise NotImplementedError

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.get_organisation()}

    def get_success_url(self):
        return self.get_organisation().get_absolute_url()


class PersonCreateView(PersonMixin, CreateView):
    def get_organisation(self):
        if not hasattr(self, "_organisation"):
            organisations = Organisation.objects.restrict(self.request.user, CHANGE)
            self._organisation = get_object_or_404(organisations, pk=self.kwargs["pk"])
        return self._organisation


class PersonUpdateView(PersonMixin, UpdateView):
    def get_queryset(self):
        return super().get_queryset().select_related("organisation")

    def get_organisation(self):
        return self.object.organisation


class PersonDeleteView(SafeDeleteMixin, RestrictedEditMixin, DeleteView):
    model = Person
    template_name = "core/confirm_delete.html"
    success_message = _("Removed.")

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")

    def get_success_url(self):
        return self.object.organisation.get_absolute_url()
