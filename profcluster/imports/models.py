import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from profcluster.core.permissions import VIEW, RestrictedQuerySet


class ImportJobQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        # An upload is its author's: it may hold data the author has not yet been allowed to write.
        return Q(user_id=scope.user_id)


class ImportJob(models.Model):
    """An uploaded file being checked or imported (загрузка из файла), with its progress and result."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("in progress")
        CHECKED = "checked", _("checked")
        APPLIED = "applied", _("imported")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    register = models.CharField(_("register"), max_length=50)
    filename = models.CharField(_("file name"), max_length=255)
    # The file itself, kept until it is imported: limited in size by the reader, so the database can hold it.
    content = models.BinaryField(_("content"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    apply_requested = models.BooleanField(_("import requested"), default=False)
    done_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("imports:job", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.done_rows / self.total_rows) if self.total_rows else 0


class ExportJobQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = VIEW):
        # Only its author opens an export, whoever else may see everything: the file holds personal data
        # unmasked for its author (need-to-know, 152-ФЗ), which a federal operator or an admin may not read.
        return super().restrict(user, action).filter(user_id=user.pk)

    def scope_filter(self, scope, action):
        return Q(user_id=scope.user_id)


def export_path(job: "ExportJob", filename: str) -> str:
    # A random folder: knowing the name of one user's file does not lead to another's.
    return f"exports/{job.user_id}/{secrets.token_hex(8)}/{filename}"


class ExportJob(models.Model):
    """A large list being exported in the background (выгрузка реестра) and its file when ready.

    The job keeps the list's address and filters, not its rows: the worker opens the same list as its author
    would (core.views.export_view), so the file holds what the page's own export would have held.
    """

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("in progress")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("list"), max_length=200)
    url_name = models.CharField(_("page"), max_length=100)
    path = models.CharField(_("address"), max_length=500)
    query = models.TextField(_("filters"), blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    # Column headers and values are written in the language the author saw the list in.
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    done_rows = models.PositiveIntegerField(_("rows written"), default=0)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    # A file under MEDIA_ROOT rather than a BinaryField (as ImportJob and ReportJob use): an export of a whole
    # register runs to tens of megabytes, which in the database would swell every backup and be read whole
    # into memory to download; here it streams from disk. MEDIA_ROOT is shared by the app servers and the
    # worker already (evidence scans) and is never served directly: only the download view opens it.
    file = models.FileField(_("file"), upload_to=export_path, max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.title} ({self.get_format_display()})"

    def get_absolute_url(self) -> str:
        return reverse("imports:export", args=[self.pk])

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

    @property
    def list_url(self) -> str:
        url = get_script_prefix() + self.path.lstrip("/")
        return f"{url}?{self.query}" if self.query else url

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.done_rows / self.total_rows)) if self.total_rows else 0
