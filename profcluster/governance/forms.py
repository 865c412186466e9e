from pathlib import Path

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from profcluster.core.forms import (
    BootstrapFormMixin,
    ChangeReasonFormMixin,
    DateInput,
    OptimisticLockFormMixin,
)
from profcluster.core.uploads import document_content_type
from profcluster.governance.models import (
    Activity,
    ActivityEvidence,
    AgendaItem,
    Assignment,
    Board,
    BoardMember,
    Decision,
    Meeting,
    Milestone,
    Programme,
    Vote,
)
from profcluster.organisations.models import Organisation, Person


def _checkboxes(field):
    # BootstrapFormMixin styles non-select widgets as text controls; checkbox lists need the check style.
    field.widget.attrs["class"] = "form-check-input"


def participants(cluster):
    return Organisation.objects.filter(participations__cluster=cluster).distinct()


def participants_people(cluster):
    return Person.objects.filter(organisation__participations__cluster=cluster).select_related("organisation")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} — {obj.organisation}"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} — {obj.organisation}"


class ProgrammeForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["title", "period_start", "period_end", "approved_by", "notes"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cluster = cluster
        self.fields["approved_by"].queryset = Decision.objects.filter(
            meeting__cluster=cluster, meeting__kind=Meeting.Kind.BOARD
        ).select_related("meeting")

    def _get_validation_exclusions(self):
        # The version is unique per cluster; checking here makes a clash a form error, not a database error.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("cluster")
        return exclusions


class ActivityForm(ChangeReasonFormMixin, forms.ModelForm):
    responsible_person = PersonChoiceField(
        queryset=Person.objects.none(), required=False, label=capfirst(_("responsible person"))
    )

    class Meta:
        model = Activity
        fields = [
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
        widgets = {
            "spending_categories": forms.CheckboxSelectMultiple(),
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "actual_start": DateInput(),
            "actual_end": DateInput(),
            "expected_result": forms.Textarea(attrs={"rows": 3}),
            "achieved_result": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["responsible_organisation"].queryset = participants(programme.cluster)
        self.fields["responsible_person"].queryset = participants_people(programme.cluster)
        _checkboxes(self.fields["spending_categories"])


class EvidenceForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = ActivityEvidence
        fields = ["file", "note"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})}
        help_texts = {"file": _("PDF, JPEG or PNG, at most 10 MB.")}

    def __init__(self, *args, activity, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        self.instance.uploaded_by = user

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            # Taken from the upload itself, before the storage gives the file its random name.
            self.instance.original_name = Path(upload.name).name[:255]
            self.instance.size = upload.size
            self.instance.content_type = document_content_type(upload.name)
        return cleaned


class MilestoneForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "reached_on"]
        widgets = {"due_date": DateInput(), "reached_on": DateInput()}

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.activity = activity


class BoardForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = Board
        fields = ["name", "quorum_rule"]

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cluster = cluster


class BoardMemberForm(ChangeReasonFormMixin, forms.ModelForm):
    person = PersonChoiceField(queryset=Person.objects.none(), label=capfirst(_("person")))

    class Meta:
        model = BoardMember
        fields = ["person", "organisation", "position", "voting", "term_from", "term_to"]
        widgets = {"term_from": DateInput(), "term_to": DateInput()}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        self.fields["organisation"].queryset = participants(board.cluster)
        self.fields["person"].queryset = participants_people(board.cluster)


class MeetingForm(ChangeReasonFormMixin, forms.ModelForm):
    chair = PersonChoiceField(queryset=Person.objects.none(), required=False, label=capfirst(_("chair")))
    secretary = PersonChoiceField(
        queryset=Person.objects.none(), required=False, label=capfirst(_("secretary"))
    )

    class Meta:
        model = Meeting
        fields = ["kind", "number", "date", "time", "place", "online", "chair", "secretary", "invited"]
        widgets = {
            "date": DateInput(),
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "invited": forms.CheckboxSelectMultiple(),
        }
        help_texts = {"number": _("Leave empty to number the meeting automatically, e.g. 3/2023.")}

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cluster = cluster
        # Ministry working meetings invite organisations of the region beyond the cluster's participants.
        organisations = Organisation.objects.filter(
            Q(participations__cluster=cluster) | Q(region_id=cluster.region_id)
        ).distinct()
        self.fields["invited"].queryset = organisations
        _checkboxes(self.fields["invited"])
        people = Person.objects.filter(organisation__in=organisations).select_related("organisation")
        self.fields["chair"].queryset = people
        self.fields["secretary"].queryset = people

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("cluster")
        return exclusions


class AgendaItemForm(ChangeReasonFormMixin, forms.ModelForm):
    speakers = PeopleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label=capfirst(_("speakers")),
        widget=forms.SelectMultiple(),
    )

    class Meta:
        model = AgendaItem
        fields = ["position", "title", "speakers"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["speakers"].queryset = meeting_people(meeting)


def meeting_people(meeting):
    """People who may take part: those of the cluster's participants and of the invited organisations."""
    return (
        Person.objects.filter(
            Q(organisation__participations__cluster_id=meeting.cluster_id)
            | Q(organisation__in=meeting.invited.all())
        )
        .select_related("organisation")
        .distinct()
    )


class AttendanceForm(BootstrapFormMixin, forms.Form):
    people = PeopleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label=_("Present"),
        widget=forms.CheckboxSelectMultiple(),
    )
    change_reason = forms.CharField(label=_("Reason for the change"), max_length=100, required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = meeting_people(meeting)
        _checkboxes(self.fields["people"])
        self.fields["people"].initial = list(meeting.attendances.values_list("person_id", flat=True))


class DecisionForm(BootstrapFormMixin, forms.Form):
    """A decision with one vote per voting member present; the service checks the quorum and the numbering."""

    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), required=False, label=capfirst(_("agenda item"))
    )
    text = forms.CharField(label=capfirst(_("text")), widget=forms.Textarea(attrs={"rows": 4}))
    change_reason = forms.CharField(label=_("Reason for the change"), max_length=100, required=False)

    def __init__(self, *args, meeting, voters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        for member in voters:
            self.fields[f"vote_{member.pk}"] = forms.ChoiceField(
                label=f"{member.person.full_name} ({member.organisation})",
                choices=Vote.Choice.choices,
                initial=Vote.Choice.FOR,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def votes(self) -> dict[int, str]:
        return {
            int(name.removeprefix("vote_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("vote_")
        }


class DecisionEditForm(OptimisticLockFormMixin, ChangeReasonFormMixin, forms.ModelForm):
    """The wording of a recorded decision; refused if somebody changed it while this form was open."""

    class Meta:
        model = Decision
        fields = ["agenda_item", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = self.instance.meeting.agenda_items.all()


class AssignmentForm(ChangeReasonFormMixin, forms.ModelForm):
    responsible_person = PersonChoiceField(
        queryset=Person.objects.none(), required=False, label=capfirst(_("responsible person"))
    )

    class Meta:
        model = Assignment
        fields = [
            "text",
            "responsible_organisation",
            "responsible_person",
            "due_date",
            "status",
            "completed_on",
            "completion_note",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "due_date": DateInput(),
            "completed_on": DateInput(),
            "completion_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.decision = decision
        meeting = decision.meeting
        organisations = Organisation.objects.filter(
            Q(participations__cluster_id=meeting.cluster_id) | Q(pk__in=meeting.invited.all())
        ).distinct()
        self.fields["responsible_organisation"].queryset = organisations
        self.fields["responsible_person"].queryset = meeting_people(meeting)
