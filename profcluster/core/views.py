"""Base classes for registry screens: every queryset a view shows comes from the permission gate."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView

from profcluster.core.csvfile import csv_response
from profcluster.core.history import history_entries
from profcluster.core.permissions import CHANGE, VIEW
from profcluster.core.xlsx import Sheet, xlsx_response


class RestrictedMixin(LoginRequiredMixin):
    """Looks objects up through `restrict()`: a row outside the user's scope is simply not found (404)."""

    action = VIEW

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, self.action)


class ExportMixin:
    """`?export=xlsx` or `?export=csv` on a list page: every row of the filtered list, in the user's scope.

    A list declares `export_columns` as (header, value-of-row) pairs and gets both formats.
    """

    export_columns: list[tuple[str, Callable]] = []
    export_name = "export"

    def export_rows(self):
        for row in self.object_list:
            yield [value(row) for _header, value in self.export_columns]

    def render_to_response(self, context, **kwargs):
        kind = self.request.GET.get("export")
        if kind in ("xlsx", "csv") and self.export_columns:
            headers = [str(header) for header, _value in self.export_columns]
            if kind == "csv":
                return csv_response(f"{self.export_name}.csv", headers, self.export_rows())
            money = self.export_money_columns()
            sheet = Sheet(self.export_name, headers, self.export_rows(), money_columns=money)
            return xlsx_response(f"{self.export_name}.xlsx", [sheet])
        return super().render_to_response(context, **kwargs)

    def export_money_columns(self) -> set[int]:
        return set()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["export_query"] = query.urlencode()
        context["can_export"] = bool(self.export_columns)
        return context


class RestrictedListView(ExportMixin, RestrictedMixin, FilterView):
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


class SafeDeleteMixin:
    """A record that others still refer to is not deleted: the page says so instead of failing."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (ProtectedError, RestrictedError):
            messages.error(self.request, _("Other records refer to this one, so it cannot be deleted."))
            return HttpResponseRedirect(self.object.get_absolute_url())
