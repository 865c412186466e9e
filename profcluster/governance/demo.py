"""The seed's governance: the ministry's working meetings on the 2023 clusters, a management company of
representatives of every participant for each cluster, and the 2023 plans of events.

Dates and the people added for participants who had nobody in the registry are demo values, not facts of the
seed. Everything goes through `upsert`, so a second run changes nothing.
"""

from datetime import date

from profcluster.clusters.models import Cluster
from profcluster.core.seed import upsert
from profcluster.governance.models import (
    Activity,
    AgendaItem,
    Assignment,
    Attendance,
    Board,
    BoardMember,
    Decision,
    Meeting,
    Milestone,
    Programme,
    Vote,
)
from profcluster.organisations.models import Organisation, Person

MINISTRY, TRANSPORT_MINISTRY, BTK, DSU4, ACADEMY, POLYTECH, TRANSPORT_COLLEGE = (
    "2225010019",
    "2225010026",
    "2225010033",
    "2225010040",
    "2225010058",
    "2225010065",
    "2225010072",
)
LIGHT, MACHINE, TRANSPORT = "ОПЦ лёгкой промышленности", "ОПЦ машиностроения", "ОПЦ транспортной отрасли"
MINISTRY_PLACE = "Министерство образования и науки Алтайского края, г. Барнаул"

# Participants the organisations demo names nobody for; a management company needs a representative of each.
EXTRA_PEOPLE = [
    (TRANSPORT_MINISTRY, "Кузнецов", "Андрей", "Начальник отдела транспорта и дорожного хозяйства"),
    (BTK, "Зайцева", "Ольга", "Директор по персоналу"),
    (ACADEMY, "Морозова", "Светлана", "Директор"),
]

P = BoardMember.Position
D, S = Activity.Direction, Activity.Status

# cluster, [(organisation inn, surname, position)]
BOARDS = [
    (LIGHT, [(ACADEMY, "Морозова", P.CHAIR), (BTK, "Зайцева", P.DEPUTY), (MINISTRY, "Дмитриева", P.MEMBER)]),
    (MACHINE, [(POLYTECH, "Павловская", P.CHAIR), (MINISTRY, "Дмитриева", P.MEMBER)]),
    (
        TRANSPORT,
        [
            (TRANSPORT_COLLEGE, "Андреева", P.CHAIR),
            (DSU4, "Данилин", P.DEPUTY),
            (MINISTRY, "Дмитриева", P.MEMBER),
            (TRANSPORT_MINISTRY, "Кузнецов", P.MEMBER),
        ],
    ),
]

TEACHERS = (
    "Повышение квалификации всех преподавателей, мастеров производственного обучения и управленческих "
    "кадров кластера в очном и дистанционном формате"
)
# title, direction, planned, actual, status, responsible (inn, surname), expected, achieved, milestones
PLAN_2023 = [
    (
        TEACHERS,
        D.STAFF,
        (date(2023, 2, 1), date(2023, 11, 30)),
        (date(2023, 2, 15), date(2023, 11, 24)),
        S.DONE,
        "base",
        "Преподаватели изучили новые образовательные методики и технологии; каждый прошёл курс очно или "
        "дистанционно",
        "Все преподаватели, мастера производственного обучения и управленческие кадры прошли повышение "
        "квалификации",
        [
            ("График обучения утверждён", date(2023, 3, 1), date(2023, 2, 27)),
            ("Очные курсы первой группы завершены", date(2023, 6, 30), date(2023, 6, 23)),
            ("Дистанционные курсы завершены", date(2023, 11, 30), date(2023, 11, 24)),
        ],
    ),
    (
        "Привлечение специалистов с производства к образовательному процессу",
        D.MENTORS,
        (date(2023, 3, 1), date(2023, 8, 31)),
        (date(2023, 3, 10), date(2023, 8, 30)),
        S.DONE,
        "employer",
        "Наставники от предприятий ведут практику и участвуют в демонстрационном экзамене",
        "Заключены договоры с наставниками от ключевых работодателей",
        [],
    ),
    (
        "Разработка образовательных программ в сокращённые сроки совместно с работодателями",
        D.PROGRAMMES,
        (date(2023, 2, 1), date(2023, 6, 30)),
        (date(2023, 2, 1), date(2023, 6, 20)),
        S.DONE,
        "base",
        "Программы со сроком обучения 2–3 года, не менее половины времени — практика",
        "Программы согласованы с работодателями",
        [("Программы согласованы с работодателями", date(2023, 6, 1), date(2023, 5, 30))],
    ),
    (
        "Модернизация учебно-производственных мастерских",
        D.INFRASTRUCTURE,
        (date(2023, 4, 1), date(2023, 8, 25)),
        (date(2023, 4, 3), None),
        S.IN_PROGRESS,
        "base",
        "Мастерские оснащены оборудованием по стандартам отрасли",
        "",
        [("Оборудование поставлено", date(2023, 7, 31), None)],
    ),
    (
        "Профориентационная кампания и приём 2023 года",
        D.CAREER,
        (date(2023, 3, 1), date(2023, 9, 1)),
        None,
        S.POSTPONED,
        "base",
        "Набор на программы «Профессионалитета»",
        "",
        [],
    ),
]


def _person(inn: str, surname: str) -> Person:
    return Person.objects.get(organisation__inn=inn, surname=surname)


def _set_m2m(manager, objects) -> None:
    # Only when different: re-setting an unchanged relation would still send change signals.
    if set(manager.values_list("pk", flat=True)) != {o.pk for o in objects}:
        manager.set(objects)


def _board(cluster: Cluster, members) -> dict[str, BoardMember]:
    board, _ = upsert(
        Board, {"cluster": cluster}, {"name": "Управляющая компания", "quorum_rule": "majority"}
    )
    result = {}
    for inn, surname, position in members:
        person = _person(inn, surname)
        result[surname], _ = upsert(
            BoardMember,
            {"board": board, "person": person},
            {
                "organisation": person.organisation,
                "position": position,
                "voting": True,
                "term_from": date(cluster.selection_year, 3, 1),
            },
        )
    return result


def _meeting(cluster, kind, number, day, *, chair, secretary=None, invited=(), present=(), agenda=()):
    meeting, _ = upsert(
        Meeting,
        {"cluster": cluster, "kind": kind, "number": number},
        {"date": day, "place": MINISTRY_PLACE, "online": False, "chair": chair, "secretary": secretary},
    )
    _set_m2m(meeting.invited, list(invited))
    for person in present:
        upsert(Attendance, {"meeting": meeting, "person": person}, {})
    items = []
    for position, (title, speakers) in enumerate(agenda, start=1):
        item, _ = upsert(AgendaItem, {"meeting": meeting, "position": position}, {"title": title})
        _set_m2m(item.speakers, speakers)
        items.append(item)
    return meeting, items


def _decision(meeting, sequence, text, item, votes=None):
    decision, _ = upsert(
        Decision, {"meeting": meeting, "sequence": sequence}, {"text": text, "agenda_item": item}
    )
    for member, choice in (votes or {}).items():
        upsert(Vote, {"decision": decision, "member": member}, {"choice": choice})
    return decision


def _programme(cluster, start, end, approved_by, base_inn, employer_inn, responsible):
    programme, _ = upsert(
        Programme,
        {"cluster": cluster, "version": 1},
        {
            "title": f"Программа деятельности: {cluster.name}",
            "period_start": start,
            "period_end": end,
            "approved_by": approved_by,
        },
    )
    for title, direction, planned, actual, status, who, expected, achieved, milestones in PLAN_2023:
        inn = employer_inn if who == "employer" and employer_inn else base_inn
        activity, _ = upsert(
            Activity,
            {"programme": programme, "title": title},
            {
                "direction": direction,
                "planned_start": planned[0],
                "planned_end": planned[1],
                "actual_start": actual[0] if actual else None,
                "actual_end": actual[1] if actual else None,
                "status": status,
                "responsible_organisation": Organisation.objects.get(inn=inn),
                "responsible_person": responsible.get(inn),
                "expected_result": expected,
                "achieved_result": achieved,
            },
        )
        for name, due, reached in milestones:
            upsert(Milestone, {"activity": activity, "title": name}, {"due_date": due, "reached_on": reached})
    return programme


def load(out) -> None:
    for inn, surname, name, position in EXTRA_PEOPLE:
        organisation = Organisation.objects.get(inn=inn)
        upsert(
            Person, {"organisation": organisation, "surname": surname, "name": name}, {"position": position}
        )
    clusters = {c.name: c for c in Cluster.objects.filter(region__code="22")}
    members = {name: _board(clusters[name], people) for name, people in BOARDS}

    sinitsyna, dmitrieva = _person(MINISTRY, "Синицына"), _person(MINISTRY, "Дмитриева")
    heads = {MACHINE: _person(POLYTECH, "Павловская"), TRANSPORT: _person(TRANSPORT_COLLEGE, "Андреева")}
    mechanisms = (
        "О новых механизмах управления колледжами, участвующими в реализации федерального проекта "
        "«Профессионалитет», и о роли управляющих компаний образовательно-производственных центров"
    )
    work_done = (
        "О проделанной работе по созданию образовательно-производственного центра и мероприятиях на 2023 год"
    )
    for name, day, extra_present in (
        (MACHINE, date(2023, 2, 14), []),
        (TRANSPORT, date(2023, 2, 16), [_person(DSU4, "Данилин"), _person(TRANSPORT_MINISTRY, "Кузнецов")]),
    ):
        cluster = clusters[name]
        participants = Organisation.objects.filter(participations__cluster=cluster)
        invited = [Organisation.objects.get(inn=TRANSPORT_MINISTRY), *participants.exclude(inn=MINISTRY)]
        meeting, items = _meeting(
            cluster,
            Meeting.Kind.WORKING,
            "1/2023",
            day,
            chair=sinitsyna,
            invited=invited,
            present=[sinitsyna, dmitrieva, heads[name], *extra_present],
            agenda=[
                (mechanisms, [dmitrieva]),
                (work_done, [_person(POLYTECH, "Павловская"), heads[TRANSPORT]]),
            ],
        )
        decision = _decision(
            meeting,
            1,
            "Сформировать управляющую компанию центра из представителей всех участников для организационного "
            "руководства реализацией программы деятельности; одобрить план мероприятий на 2023 год.",
            items[0],
        )
        upsert(
            Assignment,
            {"decision": decision, "text": "Представить состав управляющей компании на утверждение"},
            {
                "responsible_organisation": heads[name].organisation,
                "responsible_person": heads[name],
                "due_date": date(2023, 3, 31),
                "status": Assignment.Status.DONE,
                "completed_on": date(2023, 3, 1),
                "completion_note": "Состав сформирован, в него вошли представители всех участников",
            },
        )

    # The transport cluster's management company approves its programme at its first meeting.
    transport = members[TRANSPORT]
    board_meeting, items = _meeting(
        clusters[TRANSPORT],
        Meeting.Kind.BOARD,
        "1/2023",
        date(2023, 3, 24),
        chair=transport["Андреева"].person,
        secretary=transport["Данилин"].person,
        present=[transport[s].person for s in ("Андреева", "Данилин", "Дмитриева")],
        agenda=[
            ("Об утверждении программы деятельности и плана мероприятий на 2023 год", [heads[TRANSPORT]])
        ],
    )
    approval = _decision(
        board_meeting,
        1,
        "Утвердить программу деятельности центра и план мероприятий на 2023 год.",
        items[0],
        {transport[s]: Vote.Choice.FOR for s in ("Андреева", "Данилин", "Дмитриева")},
    )
    upsert(
        Assignment,
        {"decision": approval, "text": TEACHERS},
        {
            "responsible_organisation": heads[TRANSPORT].organisation,
            "responsible_person": heads[TRANSPORT],
            "due_date": date(2023, 12, 1),
            "status": Assignment.Status.DONE,
            "completed_on": date(2023, 11, 24),
            "completion_note": "Курсы пройдены очно и дистанционно",
        },
    )

    responsible = {
        POLYTECH: heads[MACHINE],
        TRANSPORT_COLLEGE: heads[TRANSPORT],
        DSU4: _person(DSU4, "Данилин"),
    }
    responsible[ACADEMY] = _person(ACADEMY, "Морозова")
    responsible[BTK] = _person(BTK, "Зайцева")
    _programme(clusters[LIGHT], date(2022, 9, 1), date(2024, 12, 31), None, ACADEMY, BTK, responsible)
    _programme(clusters[MACHINE], date(2023, 1, 1), date(2025, 12, 31), None, POLYTECH, None, responsible)
    _programme(
        clusters[TRANSPORT],
        date(2023, 1, 1),
        date(2025, 12, 31),
        approval,
        TRANSPORT_COLLEGE,
        DSU4,
        responsible,
    )
