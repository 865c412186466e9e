"""Base classes for registry screens: every queryset a view shows comes from the permission gate."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView

from profcluster.core.history import history_entries
from profcluster.core.permissions import CHANGE, VIEW


class RestrictedMixin(LoginRequiredMixin):
    """Looks objects up through `restrict()`: a row outside the user's scope is simply not found (404)."""

    action = VIEW

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, self.action)


class RestrictedListView(RestrictedMixin, FilterView):
    paginate_by = settings.PAGINATE_BY
    # An invalid filter value shows the error on the form, not an empty list that looks like "no data".
    strict = False


class HistoryMixin:
    """Adds the object's change history to a detail page."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = history_entries(self.object)
        return context


class SavedMessageMixin:
    success_message = _("Saved.")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, self.success_message)
        return response


class RestrictedEditMixin(RestrictedMixin, SavedMessageMixin):
    action = CHANGE
    template_name = "core/form.html"
