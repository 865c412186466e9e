"""Base classes for registry screens: every queryset a view shows comes from the permission gate."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import resolve
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView
from django_htmx.middleware import HtmxDetails

from profcluster.core.csvfile import csv_bytes
from profcluster.core.history import history_entries
from profcluster.core.permissions import CHANGE, VIEW
from profcluster.core.xlsx import Sheet, workbook_bytes


class RestrictedMixin(LoginRequiredMixin):
    """Looks objects up through `restrict()`: a row outside the user's scope is simply not found (404)."""

    action = VIEW

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, self.action)


EXPORT_CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
EXPORT_CHUNK = 2000
# Parameters of a list's address that choose what to do with the rows, not which rows.
NOT_FILTERS = ("export", "page")

# Core knows no models, so it cannot store a background job itself: the data-exchange app registers the
# function that does (imports.apps). Without it every export is written at once, as before.
_background_export: Callable | None = None


def register_background_export(handler: Callable) -> None:
    """`handler(view, kind, total_rows)` returns the response to an export too big to write at once."""
    global _background_export
    _background_export = handler


@dataclass
class ExportFile:
    filename: str
    content: bytes
    content_type: str


class ExportMixin:
    """`?export=xlsx` or `?export=csv` on a list page: every row of the filtered list, in the user's scope.

    A list declares `export_columns` as (header, value-of-row) pairs and gets both formats. A list longer than
    EXPORT_SYNC_MAX_ROWS is written in the background (see `export_view`) so the request never times out.
    """

    export_columns: list[tuple[str, Callable]] = []
    export_name = "export"

    def export_rows(self):
        rows = self.object_list
        if isinstance(rows, QuerySet):
            # Rows are fetched in chunks and not kept: a whole register must not sit in memory at once.
            rows = self.export_queryset(rows).iterator(chunk_size=EXPORT_CHUNK)
        rows = iter(rows)
        values = [value for _header, value in self.export_columns]
        while chunk := list(islice(rows, EXPORT_CHUNK)):
            self.export_prepare(chunk)
            for row in chunk:
                yield [value(row) for value in values]

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        """The list's rows as the export reads them: its queryset (already gated and filtered) by default.

        A list exported in hundreds of thousands of rows returns `queryset.values(...)` of only its columns,
        and its `export_columns` read dicts: building a model instance (and its related ones) per row costs
        more than writing the row."""
        return queryset

    def export_prepare(self, rows: list) -> None:
        """Called for each chunk of rows before it is written: one query per chunk for what every row needs
        (e.g. whose personal data the user may read), rather than one per row or one over the whole list."""

    def get(self, request, *args, **kwargs):
        kind = request.GET.get("export")
        if kind not in EXPORT_CONTENT_TYPES or not self.export_columns:
            return super().get(request, *args, **kwargs)
        # The page itself (pagination, context) is not built for an export: only its rows are.
        self.object_list = self.export_object_list()
        if _background_export is not None:
            total = self.export_count()
            if total > settings.EXPORT_SYNC_MAX_ROWS:
                return _background_export(self, kind, total)
        return self.export_response(kind)

    def export_object_list(self):
        """The rows the list shows, before pagination, by FilterView.get's rule (invalid filters too)."""
        if not hasattr(self, "get_filterset_class"):
            return self.get_queryset()
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_bound or self.filterset.is_valid() or not self.get_strict():
            return self.filterset.qs
        return self.filterset.queryset.none()

    def export_count(self) -> int:
        rows = self.object_list
        return rows.count() if isinstance(rows, QuerySet) else len(rows)

    def export_file(self, kind: str, progress: Callable[[int], None] | None = None) -> ExportFile:
        """The file of `self.object_list`; `progress(rows written)` is called as the rows are written."""
        headers = [str(header) for header, _value in self.export_columns]
        rows = self.export_rows() if progress is None else _counted(self.export_rows(), progress)
        if kind == "csv":
            content = csv_bytes(headers, rows)
        else:
            money = self.export_money_columns()
            content = workbook_bytes([Sheet(self.export_name, headers, rows, money_columns=money)])
        return ExportFile(f"{self.export_name}.{kind}", content, EXPORT_CONTENT_TYPES[kind])

    def export_response(self, kind: str) -> HttpResponse:
        file = self.export_file(kind)
        response = HttpResponse(file.content, content_type=file.content_type)
        response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
        return response

    def export_money_columns(self) -> set[int]:
        return set()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["export_query"] = query.urlencode()
        context["can_export"] = bool(self.export_columns)
        return context


# How often a background export reports how far it is: often enough for a smooth bar (a few times a second
# at 25 000 rows/s, the bar asks once a second), rarely enough that the UPDATEs do not slow the rows: every
# 500 rows took a tenth of a 250 000-row export.
PROGRESS_EVERY = 5000


def _counted(rows: Iterable, progress: Callable[[int], None]) -> Iterator:
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done)
    progress(done)


def export_view(*, path: str, query: str, user) -> ExportMixin:
    """The list view at `path`, set up as it would be for `user` opening `path?query`, its rows computed.

    A background export calls this so the file holds exactly what the page would have exported: the same view
    class and URL arguments, the same filters and the same user, hence the same scope and masking.
    """
    from django.test import RequestFactory  # only the worker builds requests: web processes need not load it

    match = resolve(path)
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, ExportMixin):
        raise ValueError(f"{path} is not a list that can be exported")
    request = RequestFactory().get(path, QueryDict(query))
    request.user = user
    request.htmx = HtmxDetails(request)
    request.LANGUAGE_CODE = translation.get_language()
    view = view_class(**match.func.view_initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    view.object_list = view.export_object_list()
    return view


def export_filters(query: QueryDict) -> str:
    """The list's filters from its query string, as stored with a background export."""
    query = query.copy()
    for name in NOT_FILTERS:
        query.pop(name, None)
    return query.urlencode()


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
