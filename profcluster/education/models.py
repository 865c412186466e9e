import calendar
import datetime
import re
from dataclasses import replace
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profcluster.core.identifiers import normalize_snils, validate_snils
from profcluster.core.permissions import CHANGE, PERSONAL_DATA, VIEW, ReferenceQuerySet, RestrictedQuerySet

FGOS_CODE_RE = r"^\d{2}\.0[12]\.\d{2}$"
validate_fgos_code = RegexValidator(
    FGOS_CODE_RE,
    _("A code of the FGOS SPO list looks like 15.01.05 (profession) or 15.02.16 (speciality)."),
    code="fgos_code",
)


def checkpoints() -> tuple[int, ...]:
    """Months after graduation at which employment is counted (methodology of 13.01.2026 № 5: one and two
    years); a deployment may count at other points without a code change."""
    return tuple(getattr(settings, "EMPLOYMENT_CHECKPOINTS_MONTHS", (12, 24)))


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    if day.day <= 28:  # in every month: no need to ask the calendar (an import asks once per student)
        return day.replace(year=year, month=month)
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def academic_year(on: datetime.date) -> int:
    """The calendar year in which the academic year containing `on` began (it begins on 1 September)."""
    return on.year if on.month >= 9 else on.year - 1


# --- Who sees which rows ------------------------------------------------------------------------------------


def college_q(scope, action: str, prefix: str) -> Q:
    """Rows of a college (reached by `prefix`, e.g. "group__programme__college__") that the user manages.

    Students are personal data even by name, so "view" is not the broad organisation view (which covers every
    partner of one's clusters) but the personal-data reach: the college itself, its region, its clusters'
    managers — including their read-only roles (auditors), which the personal-data action leaves out.
    """
    if action == VIEW:
        return replace(scope, action=PERSONAL_DATA).organisation_q(prefix)
    return scope.organisation_q(prefix)


def ours_q(organisation_ids, prefix: str = "") -> Q:
    """Students linked to one of the organisations: a placement, a targeted contract or a hire there."""
    ids = list(organisation_ids)
    if not ids:
        return Q(pk__in=[])
    pk = f"{prefix}pk__in"
    return (
        Q(**{pk: Placement.objects.filter(employer_id__in=ids, student__isnull=False).values("student_id")})
        | Q(
            **{
                f"{prefix}group_id__in": Placement.objects.filter(
                    employer_id__in=ids, student__isnull=True
                ).values("group_id")
            }
        )
        | Q(**{pk: TargetedContract.objects.filter(employer_id__in=ids).values("student_id")})
        | Q(**{pk: EmploymentRecord.objects.filter(employer_id__in=ids).values("student_id")})
    )


# --- Reference: the list of professions and specialities ----------------------------------------------------


class FgosCode(models.Model):
    """A profession or speciality of the list of СПО (перечень профессий и специальностей, ФГОС СПО) with the
    period during which programmes may be opened under it."""

    class Kind(models.TextChoices):
        PROFESSION = "profession", _("profession")
        SPECIALITY = "speciality", _("speciality")

    code = models.CharField(_("code"), max_length=8, unique=True, validators=[validate_fgos_code])
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("FGOS SPO code")
        verbose_name_plural = _("FGOS SPO codes")
        constraints = [
            # The middle part of the code says what it is: 01 a profession, 02 a speciality.
            models.CheckConstraint(
                condition=Q(kind="profession", code__contains=".01.")
                | Q(kind="speciality", code__contains=".02."),
                name="fgoscode_kind_matches_code",
                violation_error_message=_("Codes NN.01.NN are professions, NN.02.NN specialities."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="fgoscode_dates_in_order",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @staticmethod
    def kind_of(code: str) -> str:
        return FgosCode.Kind.PROFESSION if code[3:5] == "01" else FgosCode.Kind.SPECIALITY

    def clean(self):
        if (
            self.code
            and re.match(FGOS_CODE_RE, self.code)
            and self.kind
            and self.kind != self.kind_of(self.code)
        ):
            raise ValidationError({"kind": _("Codes NN.01.NN are professions, NN.02.NN specialities.")})
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})

    def valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


# --- Programmes and groups ------------------------------------------------------------------------------


class EducationalProgrammeQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q("cluster__") | scope.organisation_q("college__")


class EducationalProgramme(models.Model):
    """An educational programme of СПО (образовательная программа) run by a college within a cluster."""

    class Form(models.TextChoices):
        FULL_TIME = "full_time", _("full-time")
        PART_TIME = "part_time", _("part-time (evening)")
        EXTRAMURAL = "extramural", _("extramural")

    class Base(models.IntegerChoices):
        GRADE_9 = 9, _("on the basis of 9 grades")
        GRADE_11 = 11, _("on the basis of 11 grades")

    code = models.CharField(_("FGOS SPO code"), max_length=8, validators=[validate_fgos_code])
    name = models.CharField(
        _("name"), max_length=300, blank=True, help_text=_("Left empty, the name of the code.")
    )
    qualification = models.CharField(_("qualification"), max_length=300)
    college = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("college"),
        on_delete=models.PROTECT,
        related_name="educational_programmes",
    )
    cluster = models.ForeignKey(
        "clusters.Cluster",
        verbose_name=_("cluster"),
        on_delete=models.PROTECT,
        related_name="educational_programmes",
    )
    form = models.CharField(_("form of study"), max_length=20, choices=Form.choices, default=Form.FULL_TIME)
    admission_base = models.PositiveSmallIntegerField(
        _("admission base"), choices=Base.choices, default=Base.GRADE_9
    )
    # The year of the first intake: the code must be on the list on 1 September of that year.
    start_year = models.PositiveSmallIntegerField(
        _("first intake year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    standard_years = models.PositiveSmallIntegerField(
        _("standard duration, years"), validators=[MaxValueValidator(6)]
    )
    standard_months = models.PositiveSmallIntegerField(
        _("standard duration, months"), default=0, validators=[MaxValueValidator(11)]
    )
    actual_years = models.PositiveSmallIntegerField(
        _("actual duration, years"), validators=[MaxValueValidator(6)]
    )
    actual_months = models.PositiveSmallIntegerField(
        _("actual duration, months"), default=0, validators=[MaxValueValidator(11)]
    )
    # Профессионалитет programmes are shortened against the standard (e.g. 2 y 10 m instead of 3 y 10 m).
    shortened = models.BooleanField(_("shortened programme"), default=False)
    practice_share = models.DecimalField(
        _("share of practice, %"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("partner employers"),
        blank=True,
        related_name="partner_programmes",
    )
    history = HistoricalRecords(m2m_fields=[partners])

    objects = EducationalProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["code", "college__short_name", "pk"]
        verbose_name = _("educational programme")
        verbose_name_plural = _("educational programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["college", "cluster", "code", "form", "admission_base"],
                name="programme_unique_in_college",
                violation_error_message=_(
                    "The college already runs this programme in this form and on this base."
                ),
            ),
            models.CheckConstraint(
                condition=Q(practice_share__gte=0, practice_share__lte=100),
                name="programme_practice_share_percent",
                violation_error_message=_("The share of practice is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(shortened=False)
                | Q(actual_years__lt=F("standard_years"))
                | Q(actual_years=F("standard_years"), actual_months__lt=F("standard_months")),
                name="programme_shortened_is_shorter",
                violation_error_message=_("A shortened programme is shorter than the standard duration."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("education:programme_detail", args=[self.pk])

    @property
    def kind(self) -> str:
        return FgosCode.kind_of(self.code)

    @property
    def actual_duration_months(self) -> int:
        return self.actual_years * 12 + self.actual_months

    def clean(self):
        errors = {}
        if self.code and re.match(FGOS_CODE_RE, self.code) and self.start_year:
            reference = FgosCode.objects.filter(code=self.code).first()
            first_intake = datetime.date(self.start_year, 9, 1)
            if reference is None:
                errors["code"] = _("There is no such code on the list of professions and specialities.")
            elif not reference.valid_on(first_intake):
                errors["code"] = _("The code %(code)s is not on the list on %(date)s.") % {
                    "code": self.code,
                    "date": first_intake.strftime("%d.%m.%Y"),
                }
            elif not self.name:
                self.name = reference.name
        if self.college_id and self.college.kind != self.college.Kind.COLLEGE:
            errors["college"] = _("Programmes are run by colleges.")
        elif (
            self.college_id
            and self.cluster_id
            and not self.cluster.participations.filter(organisation_id=self.college_id).exists()
        ):
            errors["college"] = _("The college does not take part in the cluster.")
        if None not in (self.standard_years, self.actual_years):
            standard = self.standard_years * 12 + (self.standard_months or 0)
            actual = self.actual_years * 12 + (self.actual_months or 0)
            if self.shortened and actual >= standard:
                errors["actual_years"] = _("A shortened programme is shorter than the standard duration.")
            elif not self.shortened and actual < standard:
                errors["shortened"] = _("The programme is shorter than the standard: mark it as shortened.")
        if errors:
            raise ValidationError(errors)


class GroupQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q("programme__cluster__") | scope.organisation_q("programme__college__")

    def with_intake(self):
        """`actual_intake`: the students enrolled in the group, whatever became of them since (a count of
        records, never a typed number)."""
        enrolled = (
            Student.objects.filter(group=OuterRef("pk"))
            .order_by()
            .values("group")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(actual_intake=Coalesce(Subquery(enrolled), Value(0)))


class Group(models.Model):
    """A group of students admitted in one year to one programme (учебная группа, набор)."""

    programme = models.ForeignKey(
        EducationalProgramme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=50)
    intake_year = models.PositiveSmallIntegerField(
        _("intake year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    planned_intake = models.PositiveSmallIntegerField(_("planned intake"))
    history = HistoricalRecords()

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["-intake_year", "name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="group_unique_name_in_programme",
                violation_error_message=_("The programme already has a group with this name."),
            ),
        ]
        indexes = [
            # Imports name a group in any case (`name__iexact`: UPPER(name) on PostgreSQL): the students' and
            # placements' group column, a student found by name within a named group. Without it each such
            # query reads the 40 000 groups of the country, and the planner, with no statistics of
            # UPPER(name), expects half of them and reads the million students too. Scale 1.0, EXPLAIN
            # ANALYZE and timed imports: students of a chunk of exam rows naming 100 groups 770 → 40 ms; a
            # students list of 100 groups 25 → 1 ms a chunk; 50 misspelled groups (asked one by one)
            # 1 030 → 15 ms.
            models.Index(Upper("name"), name="group_upper_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.intake_year})"

    def get_absolute_url(self) -> str:
        return reverse("education:group_detail", args=[self.pk])

    @property
    def graduation_date(self) -> datetime.date:
        """When the group finishes by the programme's actual duration, counted from 1 September of intake."""
        return add_months(datetime.date(self.intake_year, 9, 1), self.programme.actual_duration_months)

    def course(self, on: datetime.date | None = None) -> int | None:
        """The year of study on a date; None before the intake and after the programme's end."""
        on = on or timezone.localdate()
        if on >= self.graduation_date:
            return None
        course = academic_year(on) - self.intake_year + 1
        return course if course >= 1 else None

    def clean(self):
        if self.programme_id and self.intake_year and self.intake_year < self.programme.start_year:
            raise ValidationError(
                {"intake_year": _("The group cannot be admitted before the programme's first intake year.")}
            )


# --- Students ---------------------------------------------------------------------------------------------


def course_expression(on: datetime.date | None = None, group_path: str = "group__"):
    """The year of study of a student's group as a database expression (1 in the intake year)."""
    on = on or timezone.localdate()
    return Value(academic_year(on) + 1) - F(f"{group_path}intake_year")


class StudentQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        q = college_q(scope, action, "group__programme__college__")
        if action == VIEW:
            # An employer sees the names of "its" students and nobody else's.
            q |= ours_q(scope.organisation_ids)
        return q

    def with_course(self, on: datetime.date | None = None):
        return self.annotate(course=course_expression(on))

    def with_active_contract(self, contracts):
        """`has_contract`: an active targeted contract among `contracts` (already restricted to the user)."""
        active = contracts.filter(student=OuterRef("pk"), status=TargetedContract.Status.ACTIVE)
        return self.annotate(has_contract=Exists(active))


class Student(models.Model):
    """A student of a cluster's programme (обучающийся, студент). Personal data under 152-ФЗ."""

    class Status(models.TextChoices):
        STUDYING = "studying", _("studying")
        ACADEMIC_LEAVE = "academic_leave", _("academic leave")
        EXPELLED = "expelled", _("expelled")
        GRADUATED = "graduated", _("graduated")

    surname = models.CharField(_("surname"), max_length=100)
    name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    # Personal data: shown only to those who manage the college or its cluster.
    birth_date = models.DateField(_("date of birth"))
    snils = models.CharField(_("SNILS"), max_length=14, blank=True, validators=[validate_snils])
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        related_name="students",
        # No index of its own: the two indexes below begin with the group and serve its lookups (a third
        # index on a million rows costs every import and every write).
        db_index=False,
    )
    enrolled_on = models.DateField(_("enrolled on"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.STUDYING)
    # For graduates this is the graduation date, from which employment checkpoints are counted.
    status_since = models.DateField(_("status since"))
    history = HistoricalRecords()

    objects = StudentQuerySet.as_manager()

    PERSONAL_FIELDS = ("birth_date", "snils")

    class Meta:
        ordering = ["surname", "name", "patronymic", "pk"]
        verbose_name = _("student")
        verbose_name_plural = _("students")
        constraints = [
            models.UniqueConstraint(
                fields=["snils"],
                condition=~Q(snils=""),
                name="student_unique_snils",
                violation_error_message=_("A student with this SNILS is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(status_since__gte=F("enrolled_on")),
                name="student_status_after_enrolment",
                violation_error_message=_("The status cannot date from before the enrolment."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "status_since"]),
            # Counting a group's students (Group.with_intake, once per group on the KPI boards) reads this
            # index alone: an index-only scan instead of a visit to every student row (133 → 60 ms at 0.2).
            models.Index(fields=["group", "id"], name="student_group_count"),
            # An import finds a student without СНИЛС by this name key, a chunk of rows at once: one index
            # probe a row instead of a scan of the table (EXPLAIN ANALYZE at 0.2, 1 000 rows: 116 → 20 ms).
            models.Index(
                fields=["group", "surname", "name", "patronymic", "birth_date"], name="student_name_key"
            ),
            # The list's order (pages, API, the employment list by graduate): its first page from the index
            # instead of sorting a million rows (EXPLAIN ANALYZE at scale 1.0, federal page: 1 030 → 0.3 ms).
            models.Index(fields=["surname", "name", "patronymic", "id"], name="student_list_order"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("education:student_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.name, self.patronymic) if part)

    @property
    def graduated_on(self) -> datetime.date | None:
        return self.status_since if self.status == self.Status.GRADUATED else None

    def clean(self):
        # Stored as 11 digits whatever separators were typed, so that the uniqueness check holds.
        if self.snils:
            self.snils = normalize_snils(self.snils)
        errors = {}
        if self.enrolled_on and self.status_since and self.status_since < self.enrolled_on:
            errors["status_since"] = _("The status cannot date from before the enrolment.")
        if self.birth_date and self.enrolled_on and add_months(self.birth_date, 12 * 13) > self.enrolled_on:
            errors["birth_date"] = _("A student is at least 13 years old at enrolment.")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # A taken СНИЛС is said at the field, where a form shows it; checked with the constraints, not in
        # clean(), so that an import checks a whole chunk in one query instead of one per row.
        try:
            super().validate_constraints(exclude)
        except ValidationError as error:
            taken = str(_("A student with this SNILS is already registered."))
            errors = error.update_error_dict({})
            general = errors.pop(NON_FIELD_ERRORS, [])
            if any(taken in item.messages for item in general):
                errors.setdefault("snils", []).append(ValidationError(taken))
                general = [item for item in general if taken not in item.messages]
            if general:
                errors[NON_FIELD_ERRORS] = general
            raise ValidationError(errors) from None


class LinkedToEmployerQuerySet(RestrictedQuerySet):
    """Records of a student at an employer: the college's managers see all, the employer its own."""

    student_prefix = "student__group__programme__college__"

    def scope_filter(self, scope, action):
        q = college_q(scope, action, self.student_prefix)
        if action == VIEW:
            q |= Q(employer_id__in=scope.organisation_ids)
        return q

    def confirmable_by(self, user):
        """Records at an organisation the user speaks for (a read-write organisation role)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(employer_id__in=user.scope(CHANGE).organisation_ids)


class TargetedContract(models.Model):
    """A targeted-training contract (договор о целевом обучении) between a student and an employer."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        FULFILLED = "fulfilled", _("fulfilled")
        TERMINATED = "terminated", _("terminated")

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="contracts"
    )
    employer = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="targeted_contracts",
    )
    number = models.CharField(_("number"), max_length=50)
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    history = HistoricalRecords()

    objects = LinkedToEmployerQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "number"]
        verbose_name = _("targeted-training contract")
        verbose_name_plural = _("targeted-training contracts")
        constraints = [
            # A student trains for one employer at a time (Правила целевого обучения, ПП РФ № 555).
            models.UniqueConstraint(
                fields=["student"],
                condition=Q(status="active"),
                name="targetedcontract_one_active_per_student",
                violation_error_message=_("The student already has an active targeted-training contract."),
            ),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} ({self.employer})"

    def get_absolute_url(self) -> str:
        return self.student.get_absolute_url()

    def clean(self):
        if self.student_id and self.status == self.Status.ACTIVE:
            others = TargetedContract.objects.filter(student_id=self.student_id, status=self.Status.ACTIVE)
            if others.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"status": _("The student already has an active targeted-training contract.")}
                )


class Confirmation(models.TextChoices):
    """What the employer says about a record of its participation."""

    PENDING = "pending", _("not confirmed yet")
    CONFIRMED = "confirmed", _("confirmed")
    DISPUTED = "disputed", _("disputed")


class PlacementQuerySet(LinkedToEmployerQuerySet):
    student_prefix = "group__programme__college__"


class Placement(models.Model):
    """Practical training at an employer (практическая подготовка, практика) of a student or a whole group."""

    class Kind(models.TextChoices):
        EDUCATIONAL = "educational", _("educational practice")
        INDUSTRIAL = "industrial", _("industrial practice")
        PRE_DIPLOMA = "pre_diploma", _("pre-diploma practice")

    # Always the group; with a student, the placement is that student's alone.
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="placements"
    )
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="placements",
        null=True,
        blank=True,
        help_text=_("Left empty, the placement is the whole group's."),
    )
    employer = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    hours = models.PositiveSmallIntegerField(_("hours"), validators=[MinValueValidator(1)])
    mentor = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("mentor"),
        on_delete=models.PROTECT,
        related_name="placements",
        null=True,
        blank=True,
    )
    confirmation = models.CharField(
        _("confirmation by the employer"),
        max_length=20,
        choices=Confirmation.choices,
        default=Confirmation.PENDING,
    )
    confirmation_comment = models.TextField(_("comment of the employer"), blank=True)
    history = HistoricalRecords()

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-date_from", "pk"]
        verbose_name = _("practice placement")
        verbose_name_plural = _("practice placements")
        # The list's order, read from the index (scale 1.0, federal page: 816 → 0.1 ms).
        indexes = [models.Index(fields=["-date_from", "id"], name="placement_list_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__gte=F("date_from")),
                name="placement_dates_in_order",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=1),
                name="placement_has_hours",
                violation_error_message=_("A placement lasts at least one hour."),
            ),
        ]

    def __str__(self) -> str:
        who = self.student if self.student_id else self.group
        return f"{self.get_kind_display()}: {who} — {self.employer}"

    def get_absolute_url(self) -> str:
        return reverse("education:placement_detail", args=[self.pk])

    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    def clean(self):
        errors = {}
        if self.date_from and self.date_to and self.date_to < self.date_from:
            errors["date_to"] = _("The end date is before the start date.")
        if self.student_id and self.group_id and self.student.group_id != self.group_id:
            errors["student"] = _("The student is not in this group.")
        if self.mentor_id and self.employer_id and self.mentor.organisation_id != self.employer_id:
            errors["mentor"] = _("The mentor works for another organisation.")
        # Eight academic hours a day is the most a working day holds for trainees.
        if self.date_from and self.date_to and self.hours and self.hours > (self.days() * 8):
            errors["hours"] = _("More hours than eight a day over the placement's dates.")
        if errors:
            raise ValidationError(errors)


class DemoExamQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        q = college_q(scope, action, "student__group__programme__college__")
        if action == VIEW:
            q |= ours_q(scope.organisation_ids, "student__")
        return q


class DemoExam(models.Model):
    """A result of the demonstration exam (демонстрационный экзамен) of a student."""

    class Level(models.TextChoices):
        BASIC = "basic", _("basic level")
        PROFILE = "profile", _("profile level")

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="exams"
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    date = models.DateField(_("date"))
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    passed = models.BooleanField(_("passed"))
    history = HistoricalRecords()

    objects = DemoExamQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("demonstration exam result")
        verbose_name_plural = _("demonstration exam results")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "level", "date"],
                name="demoexam_one_result_per_sitting",
                violation_error_message=_("This student already has a result of this exam on this date."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100),
                name="demoexam_score_range",
                violation_error_message=_("The score is from 0 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}, {self.date:%d.%m.%Y}: {self.score}"

    def get_absolute_url(self) -> str:
        return self.student.get_absolute_url()


class EmploymentRecordQuerySet(LinkedToEmployerQuerySet):
    def with_partner(self):
        """`at_partner`: the employer takes part in the cluster of the student's programme (derived, never
        stored, so that it follows the cluster's membership)."""
        from profcluster.clusters.models import Participation

        # The way to the cluster inside the subquery, not as joins of the records' query: those joins stayed
        # in the list's count (Django keeps them for an unused annotation), 580 ms for the country's records.
        partner = Participation.objects.filter(
            organisation_id=OuterRef("employer_id"),
            cluster__educational_programmes__groups__students=OuterRef("student_id"),
        )
        return self.annotate(at_partner=Exists(partner))


class EmploymentRecord(models.Model):
    """What a graduate does at a checkpoint after graduation (трудоустройство выпускника)."""

    class Status(models.TextChoices):
        EMPLOYED = "employed", _("employed")
        SELF_EMPLOYED = "self_employed", _("self-employed or entrepreneur")
        MILITARY = "military", _("military service")
        STUDYING = "studying", _("continues education")
        PARENTAL_LEAVE = "parental_leave", _("parental leave")
        NOT_EMPLOYED = "not_employed", _("not employed")

    # Working graduates: the numerator of the employment rate.
    WORKING = (Status.EMPLOYED, Status.SELF_EMPLOYED)

    class Source(models.TextChoices):
        SELF_REPORT = "self_report", _("self-report")
        EMPLOYER = "employer", _("employer confirmation")
        REGISTRY = "registry", _("official registry")

    student = models.ForeignKey(
        Student, verbose_name=_("graduate"), on_delete=models.PROTECT, related_name="employment_records"
    )
    checkpoint_months = models.PositiveSmallIntegerField(_("months after graduation"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    employer = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="hires",
        null=True,
        blank=True,
    )
    by_speciality = models.BooleanField(_("by speciality"), default=False)
    source = models.CharField(_("data source"), max_length=20, choices=Source.choices)
    fact_date = models.DateField(_("date of the fact"))
    history = HistoricalRecords()

    objects = EmploymentRecordQuerySet.as_manager()

    class Meta:
        # By graduate, the checkpoints of one together: the students' list index gives the order, and each
        # graduate's records come by the (student, checkpoint) key (scale 1.0, federal page: 1 430 → 1.7 ms;
        # by checkpoint first it sorted every record of the country).
        ordering = [
            "student__surname",
            "student__name",
            "student__patronymic",
            "student",
            "checkpoint_months",
        ]
        verbose_name = _("employment record")
        verbose_name_plural = _("employment records")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "checkpoint_months"],
                name="employmentrecord_one_per_checkpoint",
                violation_error_message=_("The graduate already has a record at this checkpoint."),
            ),
            models.CheckConstraint(
                condition=Q(status="employed", employer__isnull=False) | ~Q(status="employed"),
                name="employmentrecord_employed_has_employer",
                violation_error_message=_("Name the employer of an employed graduate."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student}: {self.checkpoint_months} — {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return self.student.get_absolute_url()

    def clean(self):
        errors = {}
        if self.checkpoint_months is not None and self.checkpoint_months not in checkpoints():
            errors["checkpoint_months"] = _(
                "Employment is counted at %(months)s months after graduation."
            ) % {"months": ", ".join(str(m) for m in checkpoints())}
        if self.status == self.Status.EMPLOYED and not self.employer_id:
            errors["employer"] = _("Name the employer of an employed graduate.")
        if self.status not in self.WORKING and (self.employer_id or self.by_speciality):
            errors["status"] = _("Only a working graduate has an employer and a job by speciality.")
        if self.student_id:
            graduated = self.student.graduated_on
            if graduated is None:
                errors["student"] = _("Employment is recorded for graduates only.")
            elif self.fact_date and self.fact_date < graduated:
                errors["fact_date"] = _("The fact dates from before the graduation.")
        if self.fact_date and self.fact_date > timezone.localdate():
            errors["fact_date"] = _("The fact cannot date from the future.")
        if errors:
            raise ValidationError(errors)
