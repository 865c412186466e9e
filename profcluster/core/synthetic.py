"""A synthetic country for load tests: clusters, organisations, staff, students and money at national scale.

Rows are written in bulk (PostgreSQL COPY, elsewhere ``bulk_create``) with ids reserved up front, so that
children can point at parents without reading them back. Bulk writes bypass ``save()``: no simple-history
records, no ``clean()``. That is acceptable for throw-away load-test data; the generator keeps every
database constraint and the rules ``clean()`` would check (amounts within budget, base college a college).

Apps are imported inside functions: core sits below them in the dependency order.
"""

import datetime
import random
import time
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from profcluster.core.identifiers import inn_check_digits, ogrn_check_digit

# Full scale (1.0): the size of the federal project around 2030.
FULL = {
    "clusters": 600,
    "organisations": 10_000,
    "staff": 100_000,
    "students": 1_000_000,
    "ledger": 2_000_000,
}
BATCH = 20_000
YEARS = (2024, 2025)
SURNAMES = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков")
NAMES = ("Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл")
PATRONYMICS = ("Александрович", "Дмитриевич", "Сергеевич", "Андреевич", "Алексеевич", "Игоревич")
OKVED_EMPLOYERS = ("24.10", "25.62", "28.41", "29.10", "30.30", "35.11", "41.20", "49.20", "62.01")


class Writer:
    """Reserves ids and writes rows of plain tuples, by COPY on PostgreSQL and ``bulk_create`` elsewhere."""

    def __init__(self, batch: int = BATCH):
        self.batch = batch
        self.copy = connection.vendor == "postgresql"

    def reserve(self, model, count: int) -> int:
        """First of ``count`` consecutive ids nobody else will be given."""
        if count <= 0:
            return 0
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.copy:
                # One round trip moves the sequence past the whole block.
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'),"
                    " nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                    [table, table, count],
                )
                return cursor.fetchone()[0] - count + 1
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
            return cursor.fetchone()[0] + 1

    def write(self, model, fields: tuple[str, ...], rows) -> int:
        written = 0
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= self.batch:
                written += self._flush(model, fields, chunk)
                chunk = []
        if chunk:
            written += self._flush(model, fields, chunk)
        return written

    def _flush(self, model, fields, chunk) -> int:
        if self.copy:
            quote = connection.ops.quote_name
            columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
            sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                for row in chunk:
                    copy.write_row(row)
        else:
            model.objects.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in chunk])
        return len(chunk)


def scaled(scale: float) -> dict[str, int]:
    counts = {name: max(1, round(full * scale)) for name, full in FULL.items()}
    # Every cluster needs a base college of its own, employers and an authority.
    counts["organisations"] = max(counts["organisations"], counts["clusters"] * 8)
    return counts


class Country:
    def __init__(self, *, scale: float, seed: int, out):
        self.rng = random.Random(seed)
        self.counts = scaled(scale)
        self.out = out
        self.writer = Writer()
        self.today = timezone.localdate()
        self.now = timezone.now()

    def generate(self) -> dict[str, int]:
        written = {}
        # One transaction: a failed run leaves no half-built country behind.
        with transaction.atomic():
            self._phases(written)
        return written

    def _phases(self, written):
        for phase in (
            self.organisations,
            self.clusters,
            self.staff,
            self.education,
            self.finance,
            self.governance,
            self.kpi,
        ):
            started = time.monotonic()
            counts = phase()
            elapsed = time.monotonic() - started
            total = sum(counts.values())
            details = ", ".join(f"{name} {count}" for name, count in counts.items())
            self.out.write(
                f"{phase.__name__}: {total} rows in {elapsed:.1f} s "
                f"({total / max(elapsed, 1e-6):,.0f} rows/s): {details}"
            )
            written.update(counts)

    # --- Organisations --------------------------------------------------------------------------------

    def organisations(self):
        from profcluster.organisations.models import Organisation
        from profcluster.reference.models import Region

        self.regions = list(Region.objects.values_list("id", "code"))
        taken = set(Organisation.objects.values_list("inn", flat=True))
        n = self.counts["organisations"]
        n_clusters = self.counts["clusters"]
        # Colleges first: each cluster gets its own base college and two partner colleges.
        kinds = (
            ["college"] * max(n_clusters * 3, n * 30 // 100)
            + ["authority"] * max(1, n // 50)
            + ["university"] * max(1, n // 25)
        )
        kinds += ["employer"] * (n - len(kinds))
        first = self.writer.reserve(Organisation, n)
        self.orgs = {kind: [] for kind in ("college", "authority", "university", "employer")}
        serial = self.rng.randrange(1_000_000, 5_000_000)
        rows = []
        for offset, kind in enumerate(kinds):
            region_id, code = self.rng.choice(self.regions)
            while True:
                serial += 1
                body = f"{code}{serial % 10_000_000:07d}"
                inn = body + inn_check_digits(body)
                if inn not in taken:
                    taken.add(inn)
                    break
            ogrn_body = f"1{self.rng.randrange(2, 24):02d}{code}{serial % 10_000_000:07d}"
            pk = first + offset
            self.orgs[kind].append((pk, region_id))
            name = {
                "college": f"Колледж № {pk}",
                "authority": f"Министерство образования, регион {code}, № {pk}",
                "university": f"Университет № {pk}",
                "employer": f"Предприятие № {pk}",
            }[kind]
            okved = "85.21" if kind == "college" else self.rng.choice(OKVED_EMPLOYERS)
            rows.append(
                (
                    pk,
                    kind,
                    f"{name} (синтетические данные)",
                    name,
                    inn,
                    inn[:4] + "01001",
                    ogrn_body + ogrn_check_digit(ogrn_body),
                    okved,
                    region_id,
                    f"г. Город-{code}, ул. Заводская, {pk}",
                    "",
                    f"org{pk}@example.ru",
                    "",
                )
            )
        fields = (
            "id",
            "kind",
            "full_name",
            "short_name",
            "inn",
            "kpp",
            "ogrn",
            "okved",
            "region_id",
            "address",
            "website",
            "email",
            "phone",
        )
        return {"organisations": self.writer.write(Organisation, fields, rows)}

    # --- Clusters -------------------------------------------------------------------------------------

    def clusters(self):
        from profcluster.clusters.models import Cluster, Participation
        from profcluster.reference.models import Industry

        industries = list(Industry.objects.values_list("id", flat=True))
        n = self.counts["clusters"]
        first = self.writer.reserve(Cluster, n)
        colleges = self.orgs["college"]
        employers = [pk for pk, _ in self.orgs["employer"]]
        authorities = [pk for pk, _ in self.orgs["authority"]]
        self.cluster_ids = []
        self.members = {}  # cluster id → {"college": [...], "employer": [...]}
        cluster_rows, participation_rows = [], []
        for i in range(n):
            pk = first + i
            base, region_id = colleges[i]
            # Partner colleges are drawn from the colleges no cluster is based at.
            partners = self.rng.sample(colleges[n:], min(2, len(colleges) - n))
            chosen_employers = self.rng.sample(employers, min(len(employers), self.rng.randint(4, 8)))
            authority = self.rng.choice(authorities)
            self.cluster_ids.append(pk)
            self.members[pk] = {"college": [base] + [p for p, _ in partners], "employer": chosen_employers}
            cluster_rows.append(
                (
                    pk,
                    self.rng.choice(("opc", "education")),
                    f"Синтетический кластер № {pk}",
                    "",
                    region_id,
                    self.rng.choice(industries),
                    self.rng.choice((2022, 2023, 2024, 2025)),
                    base,
                    "operating",
                    "",
                )
            )
            roles = [(base, "base_college")] + [(p, "college") for p, _ in partners]
            roles += [(e, "key_employer" if j == 0 else "employer") for j, e in enumerate(chosen_employers)]
            roles.append((authority, "authority"))
            for organisation, role in roles:
                participation_rows.append((pk, organisation, role, datetime.date(2024, 1, 1), None, ""))
        written = {
            "clusters": self.writer.write(
                Cluster,
                (
                    "id",
                    "kind",
                    "name",
                    "brand_name",
                    "region_id",
                    "industry_id",
                    "selection_year",
                    "base_organisation_id",
                    "status",
                    "description",
                ),
                cluster_rows,
            )
        }
        written["participations"] = self.writer.write(
            Participation,
            ("cluster_id", "organisation_id", "role", "date_from", "date_to", "obligations"),
            participation_rows,
        )
        return written

    # --- Staff ----------------------------------------------------------------------------------------

    def _person_name(self):
        return self.rng.choice(SURNAMES), self.rng.choice(NAMES), self.rng.choice(PATRONYMICS)

    def staff(self):
        from profcluster.organisations.models import Person
        from profcluster.staff.models import Course, StaffMember, TrainingRecord

        n = self.counts["staff"]
        providers = [pk for pk, _ in self.orgs["university"]] or [self.orgs["college"][0][0]]
        n_courses = max(5, n // 300)
        first_course = self.writer.reserve(Course, n_courses)
        courses = []
        for i in range(n_courses):
            kind, hours = self.rng.choice((("upskilling", 72), ("upskilling", 144), ("retraining", 256)))
            courses.append(
                (
                    first_course + i,
                    f"Программа повышения квалификации № {first_course + i}",
                    self.rng.choice(providers),
                    kind,
                    hours,
                    self.rng.choice(("in_person", "distance", "blended")),
                    "",
                    None,
                )
            )
        written = {
            "courses": self.writer.write(
                Course,
                ("id", "title", "provider_id", "kind", "hours", "format", "topic", "registered_by_id"),
                courses,
            )
        }
        first_person = self.writer.reserve(Person, n)
        first_member = self.writer.reserve(StaffMember, n)
        people, members, links, records = [], [], [], []
        categories = ("teacher", "teacher", "teacher", "master", "master", "manager", "methodologist")
        for i in range(n):
            cluster = self.rng.choice(self.cluster_ids)
            organisation = self.rng.choice(self.members[cluster]["college"])
            surname, name, patronymic = self._person_name()
            people.append(
                (first_person + i, surname, name, patronymic, "преподаватель", organisation, "", "", "")
            )
            member = first_member + i
            members.append(
                (
                    member,
                    first_person + i,
                    organisation,
                    None,
                    self.rng.choice(categories),
                    "",
                    "staff",
                    datetime.date(2015 + i % 10, 9, 1),
                    None,
                )
            )
            links.append((member, cluster))
            for _ in range(self.rng.choice((1, 1, 2))):
                start = datetime.date(2023, 1, 10) + datetime.timedelta(days=self.rng.randrange(900))
                end = start + datetime.timedelta(days=14)
                if end < self.today:
                    status, document, issued, valid = (
                        "completed",
                        "certificate",
                        end,
                        end + datetime.timedelta(days=3 * 365),
                    )
                else:
                    status, document, issued, valid = "planned", "", None, None
                records.append(
                    (
                        member,
                        self.rng.randrange(first_course, first_course + n_courses),
                        start,
                        end,
                        status,
                        document,
                        "",
                        f"{i:06d}" if issued else "",
                        issued,
                        valid,
                        "",
                    )
                )
        written["people"] = self.writer.write(
            Person,
            ("id", "surname", "name", "patronymic", "position", "organisation_id", "email", "phone", "snils"),
            people,
        )
        written["staff_members"] = self.writer.write(
            StaffMember,
            (
                "id",
                "person_id",
                "organisation_id",
                "host_organisation_id",
                "category",
                "programmes",
                "employment",
                "date_from",
                "date_to",
            ),
            members,
        )
        written["staff_clusters"] = self.writer.write(
            StaffMember.clusters.through, ("staffmember_id", "cluster_id"), links
        )
        written["training_records"] = self.writer.write(
            TrainingRecord,
            (
                "staff_member_id",
                "course_id",
                "date_from",
                "date_to",
                "status",
                "document_kind",
                "document_series",
                "document_number",
                "document_date",
                "valid_until",
                "scan",
            ),
            records,
        )
        return written

    # --- Education ------------------------------------------------------------------------------------

    def education(self):
        from profcluster.education.models import (
            EducationalProgramme,
            EmploymentRecord,
            FgosCode,
            Group,
            Placement,
            Student,
        )

        codes = list(FgosCode.objects.filter(valid_to__isnull=True).values_list("code", "name")) or [
            ("15.02.16", "Технология машиностроения")
        ]
        n_students = self.counts["students"]
        group_size = 25
        n_groups = max(1, n_students // group_size)
        per_cluster = max(1, min(5, len(codes), n_groups // len(self.cluster_ids) or 1))
        programmes = []
        first_programme = self.writer.reserve(EducationalProgramme, len(self.cluster_ids) * per_cluster)
        for c, cluster in enumerate(self.cluster_ids):
            for j, (code, name) in enumerate(self.rng.sample(codes, per_cluster)):
                college = self.members[cluster]["college"][j % len(self.members[cluster]["college"])]
                programmes.append(
                    (
                        first_programme + c * per_cluster + j,
                        code,
                        name,
                        "специалист",
                        college,
                        cluster,
                        "full_time",
                        9,
                        2022,
                        3,
                        10,
                        2,
                        10,
                        True,
                        Decimal("55.00"),
                        cluster,
                    )
                )
        first_group = self.writer.reserve(Group, n_groups)
        groups = []
        for g in range(n_groups):
            programme = programmes[g % len(programmes)]
            intake = 2022 + g % 4
            groups.append(
                (first_group + g, programme[0], f"Г-{intake % 100}-{g}", intake, group_size, programme[-1])
            )
        first_student = self.writer.reserve(Student, n_students)

        def students():
            for s in range(n_students):
                group = groups[s % n_groups]
                intake = group[3]
                enrolled = datetime.date(intake, 9, 1)
                graduated = intake == 2022
                surname, name, patronymic = self._person_name()
                yield (
                    first_student + s,
                    surname,
                    name,
                    patronymic,
                    datetime.date(intake - 15 - self.rng.randrange(2), 1 + s % 12, 1 + s % 28),
                    "",
                    group[0],
                    enrolled,
                    "graduated" if graduated else "studying",
                    datetime.date(2025, 6, 30) if graduated else enrolled,
                )

        written = {
            "programmes": self.writer.write(
                EducationalProgramme,
                (
                    "id",
                    "code",
                    "name",
                    "qualification",
                    "college_id",
                    "cluster_id",
                    "form",
                    "admission_base",
                    "start_year",
                    "standard_years",
                    "standard_months",
                    "actual_years",
                    "actual_months",
                    "shortened",
                    "practice_share",
                ),
                [row[:-1] for row in programmes],
            ),
            "groups": self.writer.write(
                Group,
                ("id", "programme_id", "name", "intake_year", "planned_intake"),
                [row[:-1] for row in groups],
            ),
            "students": self.writer.write(
                Student,
                (
                    "id",
                    "surname",
                    "name",
                    "patronymic",
                    "birth_date",
                    "snils",
                    "group_id",
                    "enrolled_on",
                    "status",
                    "status_since",
                ),
                students(),
            ),
        }

        def placements():
            for s in range(n_students):
                group = groups[s % n_groups]
                employer = self.rng.choice(self.members[group[-1]]["employer"])
                start = datetime.date(min(group[3] + 1, 2025), 5, 12)
                yield (
                    group[0],
                    first_student + s,
                    employer,
                    "industrial",
                    start,
                    start + datetime.timedelta(days=27),
                    144,
                    None,
                    "confirmed",
                    "",
                )

        def outcomes():
            for s in range(n_students):
                group = groups[s % n_groups]
                if group[3] != 2022:
                    continue
                working = self.rng.random() < 0.75
                employer = self.rng.choice(self.members[group[-1]]["employer"]) if working else None
                yield (
                    first_student + s,
                    6,
                    "employed" if working else "military",
                    employer,
                    working,
                    "registry",
                    datetime.date(2025, 12, 31),
                )

        written["placements"] = self.writer.write(
            Placement,
            (
                "group_id",
                "student_id",
                "employer_id",
                "kind",
                "date_from",
                "date_to",
                "hours",
                "mentor_id",
                "confirmation",
                "confirmation_comment",
            ),
            placements(),
        )
        written["employment_records"] = self.writer.write(
            EmploymentRecord,
            (
                "student_id",
                "checkpoint_months",
                "status",
                "employer_id",
                "by_speciality",
                "source",
                "fact_date",
            ),
            outcomes(),
        )
        return written

    # --- Finance --------------------------------------------------------------------------------------

    def finance(self):
        from profcluster.finance.models import (
            BudgetLine,
            BudgetRevision,
            Commitment,
            Payment,
            SpendingCategory,
        )

        categories = list(SpendingCategory.objects.values_list("id", flat=True))
        sources = ("federal", "federal", "regional", "employer", "extra_budgetary")
        n_commitments = max(1, self.counts["ledger"] // 2)
        n_payments = self.counts["ledger"] - n_commitments
        first_revision = self.writer.reserve(BudgetRevision, len(self.cluster_ids) * len(YEARS))
        first_commitment = self.writer.reserve(Commitment, n_commitments)
        revisions, commitments, planned = [], [], {}
        for c, cluster in enumerate(self.cluster_ids):
            for y, year in enumerate(YEARS):
                revisions.append(
                    (
                        first_revision + c * len(YEARS) + y,
                        cluster,
                        year,
                        1,
                        True,
                        "Синтетические данные",
                        self.now,
                        None,
                    )
                )
        for i in range(n_commitments):
            cluster = self.cluster_ids[i % len(self.cluster_ids)]
            year = YEARS[(i // len(self.cluster_ids)) % len(YEARS)]
            source = self.rng.choice(sources)
            category = self.rng.choice(categories)
            members = self.members[cluster]
            organisation = (
                self.rng.choice(members["employer"]) if source == "employer" else members["college"][0]
            )
            amount = Decimal(self.rng.randrange(10_000_00, 5_000_000_00)) / 100
            key = (cluster, year, source, category)
            planned[key] = planned.get(key, Decimal(0)) + amount
            commitments.append(
                (
                    first_commitment + i,
                    cluster,
                    year,
                    source,
                    category,
                    organisation,
                    amount,
                    "",
                    "confirmed",
                    "",
                    "cash",
                    None,
                    "ООО «Поставщик»",
                    f"{i}/{year}",
                    datetime.date(year, 1 + i % 12, 1 + i % 28),
                    "",
                )
            )
        lines = []
        revision_of = {(row[1], row[2]): row[0] for row in revisions}
        for (cluster, year, source, category), amount in planned.items():
            # The plan covers what is committed, so no record would need a justification of an excess.
            lines.append(
                (
                    revision_of[cluster, year],
                    source,
                    category,
                    (amount * Decimal("1.10")).quantize(Decimal("0.01")),
                )
            )

        def payments():
            for i in range(n_payments):
                commitment = commitments[i % n_commitments]
                # A commitment's payments together stay within it: with k payments each gets amount / k.
                share = n_payments // n_commitments + (
                    1 if i % n_commitments < n_payments % n_commitments else 0
                )
                amount = (commitment[6] / share).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
                yield (
                    commitment[1],
                    commitment[2],
                    commitment[3],
                    commitment[4],
                    commitment[5],
                    amount,
                    "",
                    "confirmed",
                    "",
                    commitment[0],
                    f"ПП-{i}",
                    commitment[14],
                    "spent",
                    None,
                    None,
                    None,
                    None,
                )

        written = {
            "budget_revisions": self.writer.write(
                BudgetRevision,
                ("id", "cluster_id", "year", "number", "is_current", "reason", "created_at", "created_by_id"),
                revisions,
            ),
            "budget_lines": self.writer.write(
                BudgetLine, ("revision_id", "source", "category_id", "amount"), lines
            ),
        }
        ledger = (
            "cluster_id",
            "year",
            "source",
            "category_id",
            "organisation_id",
            "amount",
            "justification",
            "confirmation",
            "confirmation_comment",
        )
        written["commitments"] = self.writer.write(
            Commitment,
            ("id", *ledger, "form", "counterparty_id", "counterparty_name", "number", "date", "subject"),
            commitments,
        )
        written["payments"] = self.writer.write(
            Payment,
            (
                *ledger,
                "commitment_id",
                "document",
                "date",
                "stage",
                "verified_by_id",
                "verified_at",
                "accepted_by_id",
                "accepted_at",
            ),
            payments(),
        )
        return written

    # --- Governance -----------------------------------------------------------------------------------

    def governance(self):
        from profcluster.governance.models import Activity, Meeting, Programme

        first_programme = self.writer.reserve(Programme, len(self.cluster_ids))
        programmes, activities, meetings = [], [], []
        directions = [value for value, _ in Activity.Direction.choices]
        for c, cluster in enumerate(self.cluster_ids):
            programmes.append(
                (
                    first_programme + c,
                    cluster,
                    "Программа деятельности кластера",
                    1,
                    datetime.date(2024, 1, 1),
                    datetime.date(2030, 12, 31),
                    None,
                    "",
                )
            )
            for a in range(30):
                start = datetime.date(2024, 1, 15) + datetime.timedelta(days=30 * a)
                end = start + datetime.timedelta(days=60)
                done = end < self.today
                activities.append(
                    (
                        first_programme + c,
                        f"Мероприятие {a + 1}",
                        directions[a % len(directions)],
                        start,
                        end,
                        start if done else None,
                        end if done else None,
                        self.members[cluster]["college"][0],
                        None,
                        "done" if done else "planned",
                        "",
                        "",
                    )
                )
            for m in range(12):
                meetings.append(
                    (
                        cluster,
                        "board",
                        str(m + 1),
                        datetime.date(2024, 1 + m % 12, 20),
                        None,
                        "Актовый зал базового колледжа",
                        False,
                        None,
                        None,
                    )
                )
        return {
            "programmes_of_activities": self.writer.write(
                Programme,
                (
                    "id",
                    "cluster_id",
                    "title",
                    "version",
                    "period_start",
                    "period_end",
                    "approved_by_id",
                    "notes",
                ),
                programmes,
            ),
            "activities": self.writer.write(
                Activity,
                (
                    "programme_id",
                    "title",
                    "direction",
                    "planned_start",
                    "planned_end",
                    "actual_start",
                    "actual_end",
                    "responsible_organisation_id",
                    "responsible_person_id",
                    "status",
                    "expected_result",
                    "achieved_result",
                ),
                activities,
            ),
            "meetings": self.writer.write(
                Meeting,
                (
                    "cluster_id",
                    "kind",
                    "number",
                    "date",
                    "time",
                    "place",
                    "online",
                    "chair_id",
                    "secretary_id",
                ),
                meetings,
            ),
        }

    # --- KPI --------------------------------------------------------------------------------------------

    def kpi(self):
        """Reporting periods, targets and a year of accepted reports with their frozen values.

        The dashboards open on the year the ledger covers (YEARS[-1]); the year before it and its quarters are
        closed and reported, so that trends, targets and the report registers have history to show. Values
        are plausible magnitudes per unit, not computed: the formulas are measured on the live data.
        """
        from profcluster.kpi.models import Indicator, Report, ReportingPeriod, ReportTransition, ReportValue
        from profcluster.kpi.models import Target as KpiTarget

        past, current = YEARS[-2], YEARS[-1]
        periods, created = [], 0
        for kind, year, quarter in [("year", current, None), ("year", past, None)] + [
            ("quarter", past, q) for q in (1, 2, 3, 4)
        ]:
            period, new = ReportingPeriod.objects.get_or_create(
                kind=kind,
                year=year,
                quarter=quarter,
                defaults={"deadline": datetime.date(year + 1, 2, 1) if quarter in (None, 4) else
                          datetime.date(year, 3 * quarter + 1, 20), "closed": year == past},
            )  # fmt: skip
            created += new
            if year == past:
                periods.append(period)
        indicators = list(Indicator.objects.filter(active=True).order_by("position", "code"))

        def value(indicator) -> Decimal:
            low, high = self.MAGNITUDES[indicator.unit]
            return Decimal(self.rng.uniform(low, high)).quantize(Decimal("0.01"))

        targets = [
            (cluster, indicator.pk, year, value(indicator))
            for cluster in self.cluster_ids
            for year in (*YEARS, current + 1)
            for indicator in indicators
        ]
        reports, values, transitions = [], [], []
        first_report = self.writer.reserve(Report, len(periods) * len(self.cluster_ids))
        steps = (("draft", "submitted"), ("submitted", "approved"), ("approved", "accepted"))
        for p, period in enumerate(periods):
            reported = [i for i in indicators if period.kind == "year" or i.periodicity == "quarter"]
            submitted = timezone.make_aware(datetime.datetime.combine(period.end, datetime.time(12)))
            submitted += datetime.timedelta(days=self.rng.randint(3, 20))
            for c, cluster in enumerate(self.cluster_ids):
                report = first_report + p * len(self.cluster_ids) + c
                reports.append((report, cluster, period.pk, "accepted", "", submitted))
                values.extend((report, i.pk, value(i), value(i)) for i in reported)
                transitions.extend(
                    (report, before, after, None, submitted + datetime.timedelta(days=n * 5), "")
                    for n, (before, after) in enumerate(steps)
                )
        return {
            "reporting_periods": created,
            "targets": self.writer.write(KpiTarget, ("cluster_id", "indicator_id", "year", "value"), targets),
            "reports": self.writer.write(
                Report, ("id", "cluster_id", "period_id", "status", "comment", "submitted_at"), reports
            ),
            "report_values": self.writer.write(
                ReportValue, ("report_id", "indicator_id", "value", "target"), values
            ),
            "report_transitions": self.writer.write(
                ReportTransition,
                ("report_id", "from_status", "to_status", "user_id", "at", "comment"),
                transitions,
            ),
        }

    # Ranges of a cluster's value by the indicator's unit: what the real reports hold.
    MAGNITUDES = {
        "people": (300, 3000),
        "percent": (40, 100),
        "hours": (2_000, 40_000),
        "units": (3, 40),
        "ratio": (0.1, 0.8),
        "roubles": (10_000_000, 200_000_000),
    }


def generate_country(*, scale: float, seed: int, out) -> dict[str, int]:
    return Country(scale=scale, seed=seed, out=out).generate()
