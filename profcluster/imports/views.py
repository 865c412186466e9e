from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from profcluster.core.permissions import VIEW
from profcluster.core.xlsx import Sheet, xlsx_response
from profcluster.imports.forms import UploadForm
from profcluster.imports.models import ImportJob
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
    return render(
        request, "imports/index.html", {"specs": specs().values(), "jobs": jobs, "form": UploadForm()}
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
