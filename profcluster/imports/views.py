from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django_htmx.http import HttpResponseClientRefresh

from profcluster.core.permissions import VIEW
from profcluster.core.views import EXPORT_CONTENT_TYPES, RestrictedMixin, export_filters
from profcluster.core.xlsx import Sheet, xlsx_response
from profcluster.imports.exports import KEEP_DAYS, export_job_create
from profcluster.imports.forms import UploadForm
from profcluster.imports.models import ExportJob, ImportJob
from profcluster.imports.registry import specs
from profcluster.imports.services import import_job_create, import_job_start, import_template


def _spec(slug):
    spec = specs().get(slug)
    if spec is None:
        raise Http404
    return spec


@login_required
def import_index(request):
    jobs = ImportJob.objects.restrict(request.user, VIEW).defer("content")[:20]
    exports = ExportJob.objects.restrict(request.user, VIEW)[:20]
    return render(
        request,
        "imports/index.html",
        {"specs": specs().values(), "jobs": jobs, "exports": exports, "form": UploadForm()},
    )


@login_required
def import_template_view(request, slug):
    spec = _spec(slug)
    headers, example, notes = import_template(spec)
    return xlsx_response(
        f"{slug}-template.xlsx",
        [
            Sheet(str(spec.title), headers, [example]),
            Sheet(_("Columns"), [_("Column"), _("Required"), _("Explanation")], notes),
        ],
    )


@login_required
def import_upload(request, slug):
    spec = _spec(slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_job_create(user=request.user, register=slug, filename=upload.name, content=upload.read())
        return redirect(job)
    return render(request, "imports/upload.html", {"spec": spec, "form": form})


@login_required
def import_job(request, pk):
    job = get_object_or_404(ImportJob.objects.restrict(request.user, VIEW).defer("content"), pk=pk)
    spec = _spec(job.register)
    template = "imports/_progress.html" if request.htmx and job.in_progress else "imports/job.html"
    return render(request, template, {"job": job, "spec": spec})


@require_POST
@login_required
def import_apply(request, pk):
    job = get_object_or_404(
        ImportJob.objects.restrict(request.user, VIEW), pk=pk, status=ImportJob.Status.CHECKED
    )
    import_job_start(job=job, apply=True)
    return redirect(job)


# --- Background exports ------------------------------------------------------------------------------------


def background_export(view, kind: str, total_rows: int):
    """A list's export too big to write during the request: a job, and its page to wait on."""
    request = view.request
    model = getattr(view, "model", None)
    title = str(model._meta.verbose_name_plural).capitalize() if model is not None else view.export_name
    job = export_job_create(
        user=request.user,
        title=title,
        url_name=request.resolver_match.view_name,
        path=request.path_info,
        query=export_filters(request.GET),
        format=kind,
        total_rows=total_rows,
    )
    return redirect(job)


class ExportJobDetailView(RestrictedMixin, DetailView):
    model = ExportJob
    template_name = "imports/export_job.html"
    context_object_name = "job"
    extra_context = {"keep_days": KEEP_DAYS}

    def get_template_names(self):
        if self.request.htmx:
            return ["imports/_export_progress.html"]
        return [self.template_name]

    def render_to_response(self, context, **kwargs):
        # While the file is written only the bar is redrawn; once it is ready the whole page is reloaded.
        if self.request.htmx and not self.object.in_progress:
            return HttpResponseClientRefresh()
        return super().render_to_response(context, **kwargs)


class ExportJobDownloadView(RestrictedMixin, DetailView):
    model = ExportJob

    def get(self, request, *args, **kwargs):
        job = self.get_object()
        if job.status != ExportJob.Status.DONE or not job.file or not job.file.storage.exists(job.file.name):
            raise Http404
        return FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=job.filename,
            content_type=EXPORT_CONTENT_TYPES[job.format],
        )
