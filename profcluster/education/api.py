"""The education registers over the API: the same gate, the choices of the forms, the placement service and
the masking of students' personal data of the pages."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from profcluster.clusters.models import Cluster
from profcluster.core import personal
from profcluster.core.api import ModelCleanSerializer, RestrictedViewSet
from profcluster.core.permissions import CHANGE, PERSONAL_DATA, VIEW
from profcluster.education.forms import _employers, programme_clusters
from profcluster.education.models import (
    DemoExam,
    EducationalProgramme,
    EmploymentRecord,
    Group,
    Placement,
    Student,
    TargetedContract,
)
from profcluster.education.services import placement_save
from profcluster.organisations.models import Organisation, Person


def _user(serializer):
    return serializer.context["request"].user


class EducationalProgrammeSerializer(ModelCleanSerializer):
    class Meta:
        model = EducationalProgramme
        fields = [
            "id",
            "code",
            "name",
            "qualification",
            "cluster",
            "college",
            "form",
            "admission_base",
            "start_year",
            "standard_years",
            "standard_months",
            "actual_years",
            "actual_months",
            "shortened",
            "practice_share",
            "partners",
        ]

    def get_fields(self):
        fields = super().get_fields()
        user = _user(self)
        # The choices of the programme form: clusters one may open programmes in, colleges, employers.
        current = self.instance.cluster_id if isinstance(self.instance, EducationalProgramme) else None
        fields["cluster"].queryset = Cluster.objects.filter(
            Q(pk__in=programme_clusters(user).values("pk")) | Q(pk=current)
        )
        fields["college"].queryset = Organisation.objects.restrict(user, VIEW).filter(
            kind=Organisation.Kind.COLLEGE
        )
        fields["partners"].child_relation.queryset = _employers(user)
        return fields


class GroupSerializer(ModelCleanSerializer):
    actual_intake = serializers.IntegerField(read_only=True)

    class Meta:
        model = Group
        fields = ["id", "programme", "name", "intake_year", "planned_intake", "actual_intake"]


class StudentSerializer(ModelCleanSerializer):
    """Dates of birth and СНИЛС are masked unless the caller manages the student's college or its cluster."""

    class Meta:
        model = Student
        fields = [
            "id",
            "surname",
            "name",
            "patronymic",
            "birth_date",
            "snils",
            "group",
            "enrolled_on",
            "status",
            "status_since",
        ]

    def get_fields(self):
        fields = super().get_fields()
        fields["group"].queryset = Group.objects.restrict(_user(self), CHANGE)
        return fields

    def validate_group(self, group):
        # As in the form: a student moves only between groups of the same college.
        if (
            self.instance is not None
            and group.programme.college_id != self.instance.group.programme.college_id
        ):
            raise serializers.ValidationError(_("A student moves only between groups of the same college."))
        return group

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.group.programme.college_id not in self.personal_data_colleges():
            data["birth_date"] = personal.MASK
            data["snils"] = personal.mask_snils(instance.snils)
        return data

    def personal_data_colleges(self) -> set[int]:
        # Once per response: the gate of the pages (Organisation "personal_data"), not a query per row.
        cache = self.context.setdefault("_personal_data_colleges", {})
        if "ids" not in cache:
            cache["ids"] = set(
                Organisation.objects.restrict(_user(self), PERSONAL_DATA).values_list("pk", flat=True)
            )
        return cache["ids"]


class ContractSerializer(ModelCleanSerializer):
    class Meta:
        model = TargetedContract
        fields = ["id", "student", "employer", "number", "date", "status"]

    def get_fields(self):
        fields = super().get_fields()
        fields["employer"].queryset = _employers(_user(self))
        return fields


class PlacementSerializer(ModelCleanSerializer):
    """Saved through `placement_save`, as the form is: changing confirmed facts asks the employer again."""

    class Meta:
        model = Placement
        fields = [
            "id",
            "group",
            "student",
            "employer",
            "kind",
            "date_from",
            "date_to",
            "hours",
            "mentor",
            "confirmation",
            "confirmation_comment",
        ]
        read_only_fields = ["confirmation", "confirmation_comment"]

    def get_fields(self):
        fields = super().get_fields()
        user = _user(self)
        employers = _employers(user)
        fields["group"].queryset = Group.objects.restrict(user, CHANGE)
        fields["student"].queryset = Student.objects.restrict(user, CHANGE)
        fields["employer"].queryset = employers
        fields["mentor"].queryset = Person.objects.filter(organisation__in=employers)
        return fields

    def create(self, validated_data):
        return placement_save(placement=Placement(**validated_data), change_reason="API")

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return placement_save(placement=instance, change_reason="API")


class DemoExamSerializer(ModelCleanSerializer):
    class Meta:
        model = DemoExam
        fields = ["id", "student", "level", "date", "score", "passed"]


class EmploymentSerializer(ModelCleanSerializer):
    at_partner = serializers.BooleanField(read_only=True)

    class Meta:
        model = EmploymentRecord
        fields = [
            "id",
            "student",
            "checkpoint_months",
            "status",
            "employer",
            "by_speciality",
            "at_partner",
            "source",
            "fact_date",
        ]

    def get_fields(self):
        fields = super().get_fields()
        fields["employer"].queryset = _employers(_user(self))
        return fields


class EducationalProgrammeViewSet(RestrictedViewSet):
    queryset = EducationalProgramme.objects.all()
    serializer_class = EducationalProgrammeSerializer
    prefetch_related = ("partners",)
    filterset_fields = ["cluster", "college", "code", "form", "start_year", "shortened"]
    search_fields = ["code", "name", "qualification"]
    ordering_fields = ["code", "start_year"]


class GroupViewSet(RestrictedViewSet):
    queryset = Group.objects.all()
    serializer_class = GroupSerializer
    filterset_fields = ["programme", "programme__cluster", "programme__college", "intake_year"]
    search_fields = ["name"]
    ordering_fields = ["name", "intake_year"]

    def get_queryset(self):
        # The intake is counted from the student records, never typed.
        return super().get_queryset().with_intake()


class StudentViewSet(RestrictedViewSet):
    """Students of the colleges the caller manages; an employer sees those at its placements, contracts and
    hires, without their personal data."""

    queryset = Student.objects.all()
    serializer_class = StudentSerializer
    select_related = ("group__programme",)
    filterset_fields = ["group", "group__programme", "group__programme__cluster", "status"]
    search_fields = ["surname", "name", "patronymic"]
    ordering_fields = ["surname", "enrolled_on", "status_since"]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "_personal_data_colleges": {}}


class ContractViewSet(RestrictedViewSet):
    queryset = TargetedContract.objects.all()
    serializer_class = ContractSerializer
    filterset_fields = ["student", "employer", "status"]
    search_fields = ["number"]
    ordering_fields = ["date", "number"]


class PlacementViewSet(RestrictedViewSet):
    queryset = Placement.objects.all()
    serializer_class = PlacementSerializer
    filterset_fields = ["group", "student", "employer", "kind", "confirmation"]
    ordering_fields = ["date_from", "hours"]


class DemoExamViewSet(RestrictedViewSet):
    queryset = DemoExam.objects.all()
    serializer_class = DemoExamSerializer
    filterset_fields = ["student", "student__group", "level", "passed"]
    ordering_fields = ["date", "score"]


class EmploymentViewSet(RestrictedViewSet):
    queryset = EmploymentRecord.objects.all()
    serializer_class = EmploymentSerializer
    filterset_fields = ["student", "employer", "checkpoint_months", "status", "by_speciality", "source"]
    ordering_fields = ["fact_date", "checkpoint_months"]

    def get_queryset(self):
        # Whether the employer is a partner of the cluster is derived, never stored.
        return super().get_queryset().with_partner()


ROUTES = [
    ("education/programmes", EducationalProgrammeViewSet),
    ("education/groups", GroupViewSet),
    ("education/students", StudentViewSet),
    ("education/contracts", ContractViewSet),
    ("education/placements", PlacementViewSet),
    ("education/exams", DemoExamViewSet),
    ("education/employment", EmploymentViewSet),
]
