import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profcluster.core.permissions import PERSONAL_DATA, RestrictedQuerySet
from profcluster.core.uploads import document_content_type, document_extension, validate_document_content

# Lists warn about qualifications that lapse within this many days, so that training can be planned in time.
EXPIRY_WARNING_DAYS = 90
SCAN_MAX_BYTES = 5 * 1024 * 1024


def validity_years() -> int:
    return getattr(settings, "PD_VALIDITY_YEARS", 3)


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def validate_scan(file) -> None:
    """A certificate scan: at most 5 MB, a PDF, JPEG or PNG whose content matches its extension."""
    extension = document_extension(file)
    if file.size > SCAN_MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."), code="scan_size")
    validate_document_content(file, extension)


def scan_path(instance, filename: str) -> str:
    # A random name: the person's name or a guessable number never appears on disk or in a URL.
    return f"staff/scans/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class StaffMemberQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        if action == PERSONAL_DATA:
            # Contacts and SNILS belong to the person's own organisation (the employer of a practitioner).
            return scope.organisation_q("organisation__")
        # The host college of a practitioner sees and manages the practitioners teaching with it.
        return scope.organisation_q("organisation__") | scope.organisation_q("host_organisation__")

    def with_pd_status(self, on: datetime.date | None = None):
        """Annotates `pd_valid_until`: the latest end of validity among the completed records, as of `on`."""
        on = on or timezone.localdate()
        latest = (
            TrainingRecord.objects.filter(
                staff_member=OuterRef("pk"), status=TrainingRecord.Status.COMPLETED, document_date__lte=on
            )
            .values("staff_member")
            .annotate(latest=Max("valid_until"))
            .values("latest")
        )
        return self.annotate(pd_valid_until=Subquery(latest))

    def pd_filter(self, status: str, on: datetime.date | None = None):
        """Rows in a PD status (trained, not_trained, expiring, expired); call with_pd_status() first."""
        on = on or timezone.localdate()
        soon = on + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
        conditions = {
            "trained": Q(pd_valid_until__gte=on),
            "not_trained": Q(pd_valid_until__isnull=True) | Q(pd_valid_until__lt=on),
            "expiring": Q(pd_valid_until__gte=on, pd_valid_until__lte=soon),
            "expired": Q(pd_valid_until__lt=on),
        }
        return self.filter(conditions[status])


class StaffMember(models.Model):
    """A member of a cluster's teaching and managerial staff (педагогический и управленческий состав),
    including industry practitioners who teach (специалист с производства, наставник)."""

    class Category(models.TextChoices):
        TEACHER = "teacher", _("teacher")
        MASTER = "master", _("master of industrial training")
        MANAGER = "manager", _("manager")
        METHODOLOGIST = "methodologist", _("methodologist")
        PRACTITIONER = "practitioner", _("industry practitioner / mentor")

    class Employment(models.TextChoices):
        STAFF = "staff", _("staff")
        PART_TIME = "part_time", _("part-time")
        CONTRACT = "contract", _("contract")

    # Those the project requires to take professional development; coverage counts only them.
    COVERAGE_CATEGORIES = (Category.TEACHER, Category.MASTER, Category.MANAGER)

    person = models.ForeignKey(
        "organisations.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="staff_roles"
    )
    # The employer, always the person's own organisation: copied from it on validation so that scope and
    # coverage filter on a column of this table.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="staff_members",
        editable=False,
    )
    host_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("host college"),
        on_delete=models.PROTECT,
        related_name="hosted_practitioners",
        null=True,
        blank=True,
        help_text=_("For an industry practitioner: the college where they teach."),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    clusters = models.ManyToManyField(
        "clusters.Cluster", verbose_name=_("clusters"), related_name="staff_members", blank=True
    )
    # Free text until the register of educational programmes exists.
    programmes = models.TextField(_("educational programmes"), blank=True)
    employment = models.CharField(
        _("employment"), max_length=20, choices=Employment.choices, default=Employment.STAFF
    )
    date_from = models.DateField(_("works from"), null=True, blank=True)
    date_to = models.DateField(_("works until"), null=True, blank=True)
    # Cluster membership is not diffed in history: the shared history view shows field changes only.
    history = HistoricalRecords()

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        ordering = ["person__surname", "person__name", "category"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "category"],
                name="staffmember_unique_category_per_person",
                violation_error_message=_("This person is already recorded in this category."),
            ),
            models.CheckConstraint(
                condition=Q(date_to__isnull=True)
                | Q(date_from__isnull=True)
                | Q(date_to__gte=F("date_from")),
                name="staffmember_dates_in_order",
                violation_error_message=_("The end date is before the start date."),
            ),
            # A practitioner is employed by one organisation and teaches at another; nobody else has a host.
            models.CheckConstraint(
                condition=Q(category="practitioner", host_organisation__isnull=False)
                | (~Q(category="practitioner") & Q(host_organisation__isnull=True)),
                name="staffmember_host_only_for_practitioners",
                violation_error_message=_("An industry practitioner needs a host college; others have none."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("staff:staffmember_detail", args=[self.pk])

    @property
    def is_practitioner(self) -> bool:
        return self.category == self.Category.PRACTITIONER

    def clean_fields(self, exclude=None):
        if self.person_id:
            self.organisation_id = self.person.organisation_id
        super().clean_fields(exclude=exclude)

    def clean(self):
        errors = {}
        if self.date_from and self.date_to and self.date_to < self.date_from:
            errors["date_to"] = _("The end date is before the start date.")
        if self.is_practitioner:
            host = self.host_organisation if self.host_organisation_id else None
            if host is None:
                errors["host_organisation"] = _("An industry practitioner needs a host college.")
            elif host.kind != host.Kind.COLLEGE:
                errors["host_organisation"] = _("The host organisation must be a college.")
            elif host.pk == self.organisation_id:
                errors["host_organisation"] = _(
                    "A practitioner teaches at a college other than the employer."
                )
        elif self.host_organisation_id:
            errors["host_organisation"] = _("Only an industry practitioner has a host college.")
        if errors:
            raise ValidationError(errors)


class CourseQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        # The catalogue is shared: everyone signed in reads it, so that colleges reuse each other's entries;
        # an entry is changed by whoever registered it or by the provider.
        if action == PERSONAL_DATA:
            return Q(pk__in=[])
        if action == "view":
            return Q()
        return scope.organisation_q("registered_by__") | scope.organisation_q("provider__")


class Course(models.Model):
    """A professional development programme of the catalogue (программа повышения квалификации,
    профессиональной переподготовки, стажировки)."""

    class Kind(models.TextChoices):
        UPSKILLING = "upskilling", _("upskilling (at least 16 h)")
        RETRAINING = "retraining", _("professional retraining (at least 250 h)")
        INTERNSHIP = "internship", _("internship at an enterprise")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        DISTANCE = "distance", _("distance")
        BLENDED = "blended", _("blended")

    # Minimum length of a programme (приказ Минобрнауки России от 01.07.2013 № 499): upskilling from 16 hours,
    # retraining from 250 hours. An internship has no minimum beyond being real.
    MIN_HOURS = {Kind.UPSKILLING: 16, Kind.RETRAINING: 250, Kind.INTERNSHIP: 1}

    title = models.CharField(_("title"), max_length=500)
    provider = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="provided_courses",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    hours = models.PositiveIntegerField(_("hours"))
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    registered_by = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="registered_courses",
        null=True,
        blank=True,
        help_text=_("The organisation that keeps this catalogue entry up to date."),
    )
    history = HistoricalRecords()

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title", "provider__short_name"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="upskilling", hours__gte=16)
                | Q(kind="retraining", hours__gte=250)
                | Q(kind="internship", hours__gte=1),
                name="course_minimum_hours_by_kind",
                violation_error_message=_("The course is shorter than its kind requires."),
            ),
            models.UniqueConstraint(
                fields=["provider", "title", "kind", "hours", "format"],
                name="course_unique_in_catalogue",
                violation_error_message=_("This course is already in the catalogue."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.provider}, {self.hours} ч)"

    def get_absolute_url(self) -> str:
        return reverse("staff:course_detail", args=[self.pk])

    def clean(self):
        minimum = self.MIN_HOURS.get(self.kind)
        if minimum is not None and self.hours is not None and self.hours < minimum:
            raise ValidationError(
                {
                    "hours": ValidationError(
                        _("A course of this kind lasts at least %(hours)s hours."), params={"hours": minimum}
                    )
                }
            )


class TrainingRecordQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        if action == PERSONAL_DATA:
            return scope.organisation_q("staff_member__organisation__")
        return scope.organisation_q("staff_member__organisation__") | scope.organisation_q(
            "staff_member__host_organisation__"
        )

    def valid_on(self, on: datetime.date):
        """Completed records whose document is in force on the day."""
        return self.filter(status=TrainingRecord.Status.COMPLETED, document_date__lte=on, valid_until__gte=on)


class TrainingRecord(models.Model):
    """A staff member's professional development: planned, taken and completed (сведения о повышении
    квалификации), with the completion document (удостоверение, диплом)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed")
        FAILED = "failed", _("not completed")

    class DocumentKind(models.TextChoices):
        CERTIFICATE = "certificate", _("certificate of upskilling")
        DIPLOMA = "diploma", _("diploma of professional retraining")
        INTERNSHIP = "internship", _("internship certificate")

    staff_member = models.ForeignKey(
        StaffMember, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="training_records"
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="training_records"
    )
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    document_kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices, blank=True)
    document_series = models.CharField(_("series"), max_length=20, blank=True)
    document_number = models.CharField(_("number"), max_length=40, blank=True)
    document_date = models.DateField(_("date of issue"), null=True, blank=True)
    # Filled from the document date and PD_VALIDITY_YEARS when left empty, so that the rule can change
    # without rewriting records already issued.
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty to count the standard validity from the date of issue."),
    )
    scan = models.FileField(
        _("scan of the document"), upload_to=scan_path, blank=True, validators=[validate_scan]
    )
    history = HistoricalRecords()

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-date_from", "-pk"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__gte=F("date_from")),
                name="trainingrecord_dates_in_order",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(document_date__isnull=False, valid_until__isnull=False),
                name="trainingrecord_completed_has_document",
                violation_error_message=_("A completed training needs the date of its document."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(document_date__isnull=True)
                | Q(valid_until__gt=F("document_date")),
                name="trainingrecord_valid_after_issue",
                violation_error_message=_("The validity ends before the document was issued."),
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.course.title} — {self.staff_member.person}"

    def save(self, *args, **kwargs):
        self.fill_valid_until()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("staff:staffmember_detail", args=[self.staff_member_id])

    def clean(self):
        errors = {}
        if self.date_from and self.date_to and self.date_to < self.date_from:
            errors["date_to"] = _("The end date is before the start date.")
        if self.status == self.Status.COMPLETED:
            if not self.document_number:
                errors["document_number"] = _("A completed training needs the number of its document.")
            if not self.document_date:
                errors["document_date"] = _("A completed training needs the date of its document.")
        if self.document_date and self.date_from and self.document_date < self.date_from:
            errors["document_date"] = _("The document is dated before the training began.")
        self.fill_valid_until()
        if self.valid_until and self.document_date and self.valid_until <= self.document_date:
            errors["valid_until"] = _("The validity ends before the document was issued.")
        if errors:
            raise ValidationError(errors)

    def fill_valid_until(self) -> None:
        if self.valid_until is None and self.document_date and self.status == self.Status.COMPLETED:
            self.valid_until = add_years(self.document_date, validity_years())

    def validity(self, on: datetime.date | None = None) -> str:
        """valid, expiring, expired or "" (nothing issued yet), for the badges of the passport page."""
        if self.status != self.Status.COMPLETED or self.valid_until is None:
            return ""
        on = on or timezone.localdate()
        if self.valid_until < on:
            return "expired"
        if self.valid_until <= on + datetime.timedelta(days=EXPIRY_WARNING_DAYS):
            return "expiring"
        return "valid"

    @property
    def scan_content_type(self) -> str:
        return document_content_type(self.scan.name)


class ScanAccessQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        # The log says who read personal data; it is read by those who may read that data, and never edited.
        if action == "change":
            return Q(pk__in=[])
        return scope.organisation_q("record__staff_member__organisation__")


class ScanAccess(models.Model):
    """One viewing of a document scan (журнал доступа к персональным данным): who, when, which record."""

    record = models.ForeignKey(
        TrainingRecord,
        verbose_name=_("training record"),
        on_delete=models.CASCADE,
        related_name="scan_accesses",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    accessed_at = models.DateTimeField(_("when"), default=timezone.now)
    history = HistoricalRecords()

    objects = ScanAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        verbose_name = _("scan access")
        verbose_name_plural = _("scan accesses")

    def __str__(self) -> str:
        return f"{self.user} — {self.accessed_at:%d.%m.%Y %H:%M}"


class TeachingAssignmentQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        if action == PERSONAL_DATA:
            return Q(pk__in=[])
        return scope.organisation_q("practitioner__organisation__") | scope.organisation_q(
            "practitioner__host_organisation__"
        )


class TeachingAssignment(models.Model):
    """Teaching load of an industry practitioner at a college (участие специалистов с производства в
    образовательном процессе): a discipline or practice in a semester, planned and delivered hours."""

    class Kind(models.TextChoices):
        DISCIPLINE = "discipline", _("discipline / module")
        PRACTICE = "practice", _("practice")
        DEMO_EXAM = "demo_exam", _("demonstration exam")

    class Semester(models.IntegerChoices):
        AUTUMN = 1, _("autumn")
        SPRING = 2, _("spring")

    practitioner = models.ForeignKey(
        StaffMember,
        verbose_name=_("practitioner"),
        on_delete=models.CASCADE,
        related_name="teaching_assignments",
    )
    cluster = models.ForeignKey(
        "clusters.Cluster",
        verbose_name=_("cluster"),
        on_delete=models.PROTECT,
        related_name="teaching_assignments",
    )
    programme = models.CharField(_("educational programme"), max_length=300)
    discipline = models.CharField(_("discipline or practice"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DISCIPLINE)
    # The academic year by its first calendar year: 2023 is 2023/24.
    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    semester = models.PositiveSmallIntegerField(_("semester"), choices=Semester.choices)
    planned_hours = models.PositiveIntegerField(_("planned hours"))
    delivered_hours = models.PositiveIntegerField(_("delivered hours"), default=0)
    history = HistoricalRecords()

    objects = TeachingAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year", "-semester", "discipline"]
        verbose_name = _("teaching assignment")
        verbose_name_plural = _("teaching assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_hours__gt=0),
                name="teachingassignment_planned_hours_positive",
                violation_error_message=_("Planned hours must be positive."),
            ),
            models.CheckConstraint(
                condition=Q(academic_year__gte=2022, academic_year__lte=2100),
                name="teachingassignment_year_in_project",
                violation_error_message=_("The academic year is outside the project's years."),
            ),
            models.UniqueConstraint(
                fields=["practitioner", "cluster", "discipline", "academic_year", "semester"],
                name="teachingassignment_unique_per_semester",
                violation_error_message=_("This discipline is already assigned for the semester."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.discipline} — {self.academic_year_label}"

    def get_absolute_url(self) -> str:
        return reverse("staff:staffmember_detail", args=[self.practitioner_id])

    @property
    def academic_year_label(self) -> str:
        return f"{self.academic_year}/{(self.academic_year + 1) % 100:02d}"

    def clean(self):
        practitioner = self.practitioner if self.practitioner_id else None
        if practitioner is None:
            return
        if not practitioner.is_practitioner:
            raise ValidationError(
                {"practitioner": _("Teaching assignments are recorded for industry practitioners.")}
            )
        if self.cluster_id and not practitioner.clusters.filter(pk=self.cluster_id).exists():
            raise ValidationError({"cluster": _("The practitioner does not work in this cluster.")})
