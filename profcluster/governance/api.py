"""The programme of activities and the meetings over the API.

Activities, milestones and assignments are written as on the pages: only in the current version of a
programme, with the people and organisations the forms offer. Programmes, meetings and decisions are
read-only here: they are created by services (versioning, numbering, quorum and votes) that the pages drive.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from profcluster.core.api import ModelCleanSerializer, RestrictedViewSet
from profcluster.governance.forms import meeting_people, participants_people
from profcluster.governance.models import Activity, Assignment, Decision, Meeting, Milestone, Programme

READ_ONLY = ["get", "head", "options"]
NOT_CURRENT = _("Only the current version of a programme changes; earlier versions stay as approved.")


class ActivityProgrammeSerializer(ModelCleanSerializer):
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "cluster",
            "title",
            "version",
            "period_start",
            "period_end",
            "previous",
            "approved_by",
            "notes",
            "is_current",
        ]


class ActivitySerializer(ModelCleanSerializer):
    class Meta:
        model = Activity
        fields = [
            "id",
            "programme",
            "title",
            "direction",
            "status",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "responsible_organisation",
            "responsible_person",
            "expected_result",
            "achieved_result",
            "spending_categories",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        programme = attrs.get("programme") or self.instance.programme
        if not programme.is_current:
            raise serializers.ValidationError({"programme": [NOT_CURRENT]})
        person = attrs.get("responsible_person")
        if person is not None and not participants_people(programme.cluster).filter(pk=person.pk).exists():
            raise serializers.ValidationError(
                {"responsible_person": [_("This person does not work for a participant of the cluster.")]}
            )
        return attrs


class MilestoneSerializer(ModelCleanSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "activity", "title", "due_date", "reached_on"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        activity = attrs.get("activity") or self.instance.activity
        if not activity.programme.is_current:
            raise serializers.ValidationError({"activity": [NOT_CURRENT]})
        return attrs


class MeetingSerializer(ModelCleanSerializer):
    class Meta:
        model = Meeting
        fields = [
            "id",
            "cluster",
            "kind",
            "number",
            "date",
            "time",
            "place",
            "online",
            "chair",
            "secretary",
            "invited",
        ]


class DecisionSerializer(ModelCleanSerializer):
    number = serializers.CharField(read_only=True)
    outcome = serializers.CharField(read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "meeting", "agenda_item", "sequence", "number", "text", "outcome"]


class AssignmentSerializer(ModelCleanSerializer):
    class Meta:
        model = Assignment
        fields = [
            "id",
            "decision",
            "text",
            "responsible_organisation",
            "responsible_person",
            "due_date",
            "status",
            "completed_on",
            "completion_note",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        meeting = (attrs.get("decision") or self.instance.decision).meeting
        # The form's choices: participants of the cluster and the organisations invited to the meeting.
        organisation = attrs.get("responsible_organisation")
        allowed = meeting.cluster.participations.filter(organisation=organisation).exists() or (
            meeting.invited.filter(pk=getattr(organisation, "pk", None)).exists()
        )
        if organisation is not None and not allowed:
            raise serializers.ValidationError(
                {"responsible_organisation": [_("This organisation does not take part in the meeting.")]}
            )
        person = attrs.get("responsible_person")
        if person is not None and not meeting_people(meeting).filter(pk=person.pk).exists():
            raise serializers.ValidationError(
                {"responsible_person": [_("This person does not work for a participant of the cluster.")]}
            )
        return attrs


class ActivityProgrammeViewSet(RestrictedViewSet):
    """Versions of the programmes of activities; a new version is started on the programme's page."""

    http_method_names = READ_ONLY
    queryset = Programme.objects.all()
    serializer_class = ActivityProgrammeSerializer
    select_related = ("next_version",)
    filterset_fields = ["cluster", "version"]
    search_fields = ["title"]
    ordering_fields = ["version", "period_start"]


class CurrentVersionMixin:
    """Writes reach only rows of the current programme version (`current_path` leads to the programme)."""

    current_path = "programme"

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return queryset
        return queryset.filter(**{f"{self.current_path}__next_version__isnull": True})


class ActivityViewSet(CurrentVersionMixin, RestrictedViewSet):
    queryset = Activity.objects.all()
    serializer_class = ActivitySerializer
    prefetch_related = ("spending_categories",)
    filterset_fields = ["programme", "programme__cluster", "direction", "status", "responsible_organisation"]
    search_fields = ["title", "expected_result"]
    ordering_fields = ["planned_start", "planned_end", "title"]


class MilestoneViewSet(CurrentVersionMixin, RestrictedViewSet):
    current_path = "activity__programme"
    queryset = Milestone.objects.all()
    serializer_class = MilestoneSerializer
    filterset_fields = ["activity", "activity__programme"]
    search_fields = ["title"]
    ordering_fields = ["due_date", "reached_on"]


class MeetingViewSet(RestrictedViewSet):
    """Meetings are numbered and get the open assignments carried into their agenda on the pages."""

    http_method_names = READ_ONLY
    queryset = Meeting.objects.all()
    serializer_class = MeetingSerializer
    prefetch_related = ("invited",)
    filterset_fields = ["cluster", "kind", "date", "online"]
    search_fields = ["number", "place"]
    ordering_fields = ["date", "number"]


class DecisionViewSet(RestrictedViewSet):
    """Decisions are taken with the quorum and the votes on the meeting's page; here they are read."""

    http_method_names = READ_ONLY
    queryset = Decision.objects.all()
    serializer_class = DecisionSerializer
    select_related = ("meeting",)
    filterset_fields = ["meeting", "meeting__cluster"]
    search_fields = ["text"]
    ordering_fields = ["sequence"]

    def get_queryset(self):
        # The outcome is counted from the votes in the same query as the rows.
        return super().get_queryset().with_votes()


class AssignmentViewSet(RestrictedViewSet):
    queryset = Assignment.objects.all()
    serializer_class = AssignmentSerializer
    filterset_fields = ["decision", "decision__meeting__cluster", "responsible_organisation", "status"]
    search_fields = ["text", "completion_note"]
    ordering_fields = ["due_date", "completed_on"]


ROUTES = [
    ("governance/programmes", ActivityProgrammeViewSet),
    ("governance/activities", ActivityViewSet),
    ("governance/milestones", MilestoneViewSet),
    ("governance/meetings", MeetingViewSet),
    ("governance/decisions", DecisionViewSet),
    ("governance/assignments", AssignmentViewSet),
]
