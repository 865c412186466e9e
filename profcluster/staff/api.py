"""The staff registers over the API: the same gate, the same rules and the same masking as the pages."""

from rest_framework import serializers

from profcluster.core import personal
from profcluster.core.api import ModelCleanSerializer, RestrictedViewSet
from profcluster.core.permissions import PERSONAL_DATA
from profcluster.organisations.models import Organisation
from profcluster.staff.forms import staff_member_scope_errors
from profcluster.staff.models import Course, StaffMember, TeachingAssignment, TrainingRecord


class StaffMemberSerializer(ModelCleanSerializer):
    """The person's name and position are shown to all who see the member; contacts and СНИЛС only to those
    who may read the personal data of the member's own organisation."""

    full_name = serializers.CharField(source="person.full_name", read_only=True)
    position = serializers.CharField(source="person.position", read_only=True)
    email = serializers.CharField(source="person.email", read_only=True)
    phone = serializers.CharField(source="person.phone", read_only=True)
    snils = serializers.CharField(source="person.snils", read_only=True)

    class Meta:
        model = StaffMember
        fields = [
            "id",
            "person",
            "full_name",
            "position",
            "email",
            "phone",
            "snils",
            "organisation",
            "host_organisation",
            "category",
            "clusters",
            "programmes",
            "employment",
            "date_from",
            "date_to",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance
        person = attrs.get("person", instance.person if instance else None)
        host = attrs.get("host_organisation", instance.host_organisation if instance else None)
        clusters = attrs.get("clusters", list(instance.clusters.all()) if instance else [])
        errors = staff_member_scope_errors(self.context["request"].user, person, host, clusters)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def create(self, validated_data):
        # The employer is always the person's own organisation (the model copies it on validation).
        validated_data["organisation"] = validated_data["person"].organisation
        return super().create(validated_data)

    def update(self, instance, validated_data):
        if "person" in validated_data:
            validated_data["organisation"] = validated_data["person"].organisation
        return super().update(instance, validated_data)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.organisation_id not in self.personal_data_organisations():
            data["email"] = personal.mask_email(instance.person.email)
            data["phone"] = personal.mask_phone(instance.person.phone)
            data["snils"] = personal.mask_snils(instance.person.snils)
        return data

    def personal_data_organisations(self) -> set[int]:
        # Once per response: the same gate as the passport page (personal_data_visible), not once per row.
        cache = self.context.setdefault("_personal_data_organisations", {})
        if "ids" not in cache:
            user = self.context["request"].user
            cache["ids"] = set(
                Organisation.objects.restrict(user, PERSONAL_DATA).values_list("pk", flat=True)
            )
        return cache["ids"]


class CourseSerializer(ModelCleanSerializer):
    class Meta:
        model = Course
        fields = ["id", "title", "provider", "kind", "hours", "format", "topic", "registered_by"]

    def get_fields(self):
        fields = super().get_fields()
        # The catalogue's providers are no secret (as in the form): any known provider may be named.
        providers = Organisation.objects.filter(provided_courses__isnull=False).values("pk")
        visible = fields["provider"].queryset
        fields["provider"].queryset = Organisation.objects.filter(pk__in=visible.values("pk")) | (
            Organisation.objects.filter(pk__in=providers)
        )
        return fields


class TrainingRecordSerializer(ModelCleanSerializer):
    """The document scan is personal data handed out, and logged, only by the page: the API says whether
    there is one."""

    has_scan = serializers.SerializerMethodField()

    class Meta:
        model = TrainingRecord
        fields = [
            "id",
            "staff_member",
            "course",
            "date_from",
            "date_to",
            "status",
            "document_kind",
            "document_series",
            "document_number",
            "document_date",
            "valid_until",
            "has_scan",
        ]

    def get_has_scan(self, instance) -> bool:
        return bool(instance.scan)


class TeachingAssignmentSerializer(ModelCleanSerializer):
    class Meta:
        model = TeachingAssignment
        fields = [
            "id",
            "practitioner",
            "cluster",
            "programme",
            "discipline",
            "kind",
            "academic_year",
            "semester",
            "planned_hours",
            "delivered_hours",
        ]


class StaffMemberViewSet(RestrictedViewSet):
    """Staff of the organisations the caller sees, with industry practitioners teaching at its colleges."""

    queryset = StaffMember.objects.all()
    serializer_class = StaffMemberSerializer
    select_related = ("person",)
    prefetch_related = ("clusters",)
    filterset_fields = ["organisation", "host_organisation", "category", "clusters", "employment"]
    search_fields = ["person__surname", "person__name", "person__position", "programmes"]
    ordering_fields = ["person__surname", "category", "date_from"]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "_personal_data_organisations": {}}


class CourseViewSet(RestrictedViewSet):
    """The shared catalogue of professional development programmes."""

    queryset = Course.objects.all()
    serializer_class = CourseSerializer
    filterset_fields = ["provider", "kind", "format", "registered_by"]
    search_fields = ["title", "topic", "provider__short_name"]
    ordering_fields = ["title", "hours"]


class TrainingRecordViewSet(RestrictedViewSet):
    queryset = TrainingRecord.objects.all()
    serializer_class = TrainingRecordSerializer
    filterset_fields = ["staff_member", "course", "status", "document_kind"]
    search_fields = ["course__title", "document_number"]
    ordering_fields = ["date_from", "document_date", "valid_until"]


class TeachingAssignmentViewSet(RestrictedViewSet):
    queryset = TeachingAssignment.objects.all()
    serializer_class = TeachingAssignmentSerializer
    filterset_fields = ["practitioner", "cluster", "kind", "academic_year", "semester"]
    search_fields = ["discipline", "programme"]
    ordering_fields = ["academic_year", "semester", "planned_hours"]


ROUTES = [
    ("staff/members", StaffMemberViewSet),
    ("staff/courses", CourseViewSet),
    ("staff/training-records", TrainingRecordViewSet),
    ("staff/teaching-assignments", TeachingAssignmentViewSet),
]
