"""Importable registers of this app: the activities of a cluster's programme (план мероприятий), by programme
and title; their milestones (контрольные точки), by activity and title; and the members of a cluster's
management company (состав управляющей компании), by board, person and start of term.

The programme is named by its cluster: a cluster has one programme, and only its current version changes, so
the rows go into the current version and never into one already superseded. So is the board: a cluster has
one. A member is found by the start of the term too, so that a person appointed again after a break is a
new term and the earlier one stays on record.

A milestone's activity is found by two cells, the cluster's name and the activity's title, among the
activities of current programme versions the user sees; whether the user may change it, the gate decides.
"""

from collections import defaultdict

from django.db.models import Value
from django.db.models.functions import Concat, Trim, Upper
from django.utils.translation import gettext_lazy as _

from profcluster.core.importer import (
    Column,
    ImportSpec,
    Lookup,
    among,
    choice,
    day,
    folded,
    related,
    text,
)
from profcluster.core.permissions import VIEW
from profcluster.governance.models import Activity, Board, BoardMember, Milestone, Programme
from profcluster.organisations.models import Organisation, Person

YES_NO = [(True, _("yes")), (False, _("no"))]


def current_programmes(user):
    return Programme.objects.restrict(user, VIEW).filter(next_version__isnull=True)


def people(user):
    full = Trim(Concat("surname", Value(" "), "name", Value(" "), "patronymic"))
    return Person.objects.restrict(user, VIEW).annotate(full=full)


def find_activity(user, cluster, activity_title):
    """An activity of the cluster's current programme: a superseded version is not changed any more."""
    return Activity.objects.restrict(user, VIEW).filter(
        programme__next_version__isnull=True,
        programme__cluster__name__iexact=" ".join(cluster.split()),
        title__iexact=" ".join(activity_title.split()),
    )


def find_activities(user, combinations):
    """`find_activity` for a chunk of rows: one query, and one that upper-cases the names as `iexact` does."""
    keys = {
        (cluster, title): (" ".join(cluster.split()), " ".join(title.split()))
        for cluster, title in combinations
    }
    activities = Activity.objects.restrict(user, VIEW)
    upper = folded({value for key in keys.values() for value in key}, activities.db)
    activities = activities.annotate(
        cluster_key=Upper("programme__cluster__name"), title_key=Upper("title")
    ).filter(programme__next_version__isnull=True)
    wanted = {(upper[cluster], upper[title]) for cluster, title in keys.values()}
    found = defaultdict(list)
    for activity in among(activities, ("cluster_key", "title_key"), wanted).order_by():
        found[activity.cluster_key, activity.title_key].append(activity)
    return {
        combination: found[upper[keys[combination][0]], upper[keys[combination][1]]]
        for combination in combinations
    }


def voting_by_default(member: BoardMember, values) -> None:
    # An empty cell keeps the usual case: members vote, advisory members are marked «нет».
    if member.voting in (None, ""):
        member.voting = True


SPECS = [
    ImportSpec(
        slug="activities",
        title=_("Activities of the programme"),
        model=Activity,
        key=("programme", "title"),
        columns=[
            Column(
                "programme",
                "Кластер",
                related(current_programmes, "cluster__name__iexact"),
                ("программа", "cluster"),
                required=True,
                example="ОПЦ лёгкой промышленности",
                help=_("The cluster's name: the activity goes into the current version of its programme."),
            ),
            Column(
                "title",
                "Мероприятие",
                text,
                ("наименование мероприятия", "activity"),
                required=True,
                example="Повышение квалификации преподавателей",
            ),
            Column(
                "direction",
                "Направление",
                choice(Activity.Direction.choices),
                ("direction",),
                required=True,
                example="развитие кадров",
            ),
            Column(
                "status",
                "Статус",
                choice(Activity.Status.choices),
                ("status",),
                required=True,
                example="план",
            ),
            Column(
                "planned_start",
                "Начало (план)",
                day,
                ("начало", "planned start"),
                required=True,
                example="01.02.2023",
            ),
            Column(
                "planned_end",
                "Окончание (план)",
                day,
                ("окончание", "planned end"),
                required=True,
                example="30.11.2023",
            ),
            Column("actual_start", "Начало (факт)", day, ("actual start",)),
            Column(
                "actual_end",
                "Окончание (факт)",
                day,
                ("actual end",),
                help=_("Required for a done activity."),
            ),
            Column(
                "responsible_organisation",
                "ИНН ответственной организации",
                related(lambda user: Organisation.objects.restrict(user, VIEW), "inn"),
                ("ответственная организация", "инн"),
                example="2225010019",
                help=_("An organisation taking part in the cluster."),
            ),
            Column("expected_result", "Ожидаемый результат", text, ("expected result",)),
            Column("achieved_result", "Достигнутый результат", text, ("результат", "achieved result")),
        ],
    ),
    ImportSpec(
        slug="board-members",
        title=_("Members of the management company"),
        model=BoardMember,
        key=("board", "person", "term_from"),
        prepare=voting_by_default,
        columns=[
            Column(
                "board",
                "Кластер",
                related(lambda user: Board.objects.restrict(user, VIEW), "cluster__name__iexact"),
                ("управляющая компания", "cluster"),
                required=True,
                example="ОПЦ лёгкой промышленности",
                help=_("The cluster's name; its management company must be set up on the governance page."),
            ),
            Column(
                "person",
                "ФИО",
                related(people, "full__iexact"),
                ("фамилия имя отчество", "член управляющей компании", "person"),
                required=True,
                example="Данилин Николай Петрович",
                help=_("As in the organisation's list of people: surname, first name and patronymic."),
            ),
            Column(
                "organisation",
                "ИНН организации",
                related(lambda user: Organisation.objects.restrict(user, VIEW), "inn"),
                ("инн", "представляемая организация", "организация"),
                required=True,
                example="2225010026",
                help=_(
                    "The participant of the cluster the member represents, the person's own organisation."
                ),
            ),
            Column(
                "position",
                "Должность в управляющей компании",
                choice(BoardMember.Position.choices),
                ("роль", "position"),
                required=True,
                example="член",
                help=_("chair, deputy chair, secretary or member"),
            ),
            Column(
                "voting",
                "С правом голоса",
                choice(YES_NO),
                ("право голоса", "голосующий", "voting"),
                example="да",
                help=_("yes or no; left empty, yes"),
            ),
            Column(
                "term_from",
                "Дата включения",
                day,
                ("срок полномочий с", "с", "term from"),
                required=True,
                example="01.02.2023",
            ),
            Column("term_to", "Дата исключения", day, ("срок полномочий по", "по", "term to")),
        ],
    ),
    ImportSpec(
        slug="milestones",
        title=_("Milestones of the programme"),
        model=Milestone,
        key=("activity", "title"),
        lookups=[
            Lookup(
                "activity",
                cells=(
                    Column(
                        "cluster",
                        "Кластер",
                        text,
                        ("наименование кластера", "cluster"),
                        required=True,
                        example="ОПЦ лёгкой промышленности",
                    ),
                    Column(
                        "activity_title",
                        "Мероприятие",
                        text,
                        ("наименование мероприятия", "activity"),
                        required=True,
                        example="Повышение квалификации преподавателей",
                        help=_("As in the current version of the cluster's programme."),
                    ),
                ),
                find=find_activity,
                find_many=find_activities,
                required=True,
            )
        ],
        columns=[
            Column(
                "title",
                "Контрольная точка",
                text,
                ("наименование контрольной точки", "milestone", "title"),
                required=True,
                example="Обучено 20 преподавателей",
                help=_("With the activity, finds the milestone: another title is a new milestone."),
            ),
            Column(
                "due_date",
                "Срок",
                day,
                ("срок достижения", "плановая дата", "due date"),
                required=True,
                example="30.11.2023",
            ),
            Column(
                "reached_on",
                "Дата достижения",
                day,
                ("достигнута", "фактическая дата", "reached on"),
                help=_("Empty while the milestone is not reached."),
            ),
        ],
    ),
]
