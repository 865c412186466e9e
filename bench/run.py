"""Benchmarks of profcluster at national scale, against a PostgreSQL database filled by generate_country.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/profcluster_bench BENCH_SCALE=0.05 python bench/run.py

Creates the database when missing, migrates it and fills it (again when its size does not match the scale),
then times pages with the Django test client and writes bench/results/<timestamp>.json and latest.md.
Runs with DEBUG off, like production; the test client calls the views in-process (no network, no gunicorn).
"""

import contextlib
import datetime
import io
import json
import os
import platform
import re
import resource
import secrets
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/profcluster_bench"
MAX_QUERIES = 20
REPLAY = "raw SQL of the page (replayed)"
UNCACHED = "the same page computing its figures"
READS = ("SELECT", "WITH")

os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "profcluster.settings")
sys.path.insert(0, str(ROOT))

SCALE = float(os.environ.get("BENCH_SCALE", "0.05"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
# A part of the run while working on one figure, e.g. BENCH_ONLY=pages BENCH_PAGES=KPI: printed, not written,
# so that bench/results holds only whole runs that compare.
PARTS = ("pages", "import", "export", "snapshot")
ONLY = [part for part in os.environ.get("BENCH_ONLY", ",".join(PARTS)).split(",") if part]
PAGES = os.environ.get("BENCH_PAGES", "")


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def drop_and_create(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    print(f"recreated database {name}")


def prepare() -> dict:
    """Migrate and fill; a database of another scale is rebuilt so that figures always match BENCH_SCALE."""
    from django.core.management import call_command
    from django.db import connections

    from profcluster.core.synthetic import scaled
    from profcluster.education.models import Student

    url = os.environ["DATABASE_URL"]
    ensure_database(url)
    refuse_uncommitted_migrations(url)
    call_command("migrate", verbosity=0, interactive=False)
    expected = scaled(SCALE)["students"]
    if Student.objects.count() != expected:
        if "bench" not in url.rsplit("/", 1)[1]:
            # Rebuilding drops the database: only one named for benchmarks, never someone's real data.
            raise SystemExit(
                f"{url} does not hold scale {SCALE} data and is not a *bench* database; refusing."
            )
        connections.close_all()
        drop_and_create(url)
        call_command("migrate", verbosity=0, interactive=False)
        started = time.monotonic()
        call_command("generate_country", scale=SCALE, seed=1, stdout=sys.stdout)
        with connections["default"].cursor() as cursor:
            # Fresh statistics, as autovacuum would have them on a database that has lived a while.
            cursor.execute("VACUUM ANALYZE")
        print(f"generated in {time.monotonic() - started:.1f} s")
        return {"generate_seconds": round(time.monotonic() - started, 1)}
    return {"generate_seconds": None}


def refuse_uncommitted_migrations(url: str) -> None:
    """A filled bench database takes minutes to build and is shared by whoever measures on the machine: a
    migration still being written (a file git does not hold as it is) must not change it under the others.
    Such work is measured on a copy: `createdb -T <bench database> <copy>`. BENCH_MIGRATE=1 overrides."""
    import subprocess

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if os.environ.get("BENCH_MIGRATE") == "1":
        return
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan or "education_student" not in connection.introspection.table_names():
        return  # nothing to apply, or an empty database that is being built anyway
    files = [sys.modules[type(migration).__module__].__file__ for migration, _backwards in plan]
    status = subprocess.run(
        ["git", "status", "--porcelain", "--", *files], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if status.returncode != 0 or status.stdout.strip():
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _backwards in plan)
        raise SystemExit(
            f"{url} is a filled bench database and would be migrated by uncommitted migrations ({names}); "
            "refusing. Measure on a copy (createdb -T), commit the migrations, or set BENCH_MIGRATE=1."
        )


def users():
    from profcluster.accounts.models import RoleAssignment, User

    federal, _ = User.objects.get_or_create(username="bench-federal")
    RoleAssignment.objects.get_or_create(user=federal, role=RoleAssignment.Role.FEDERAL)
    admin, _created = User.objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    return federal, admin


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def timed(fn, repeat: int, beside=None) -> dict:
    """p50/p95 in ms over `repeat` calls after one warm-up call, queries of one call, peak Python memory.

    `beside`, a baseline, is called in turn with `fn` (its p50 as "beside_p50_ms"): a machine whose speed
    drifts by a third within minutes, or caches the calls before have warmed, then move both alike and leave
    the ratio alone (one full run measured a board at 1.64× its SQL, the same board alone at 1.08×)."""
    from django.db import connection

    calls = [fn] if beside is None else [fn, beside]
    for call in calls:
        call()  # warm-up: templates, caches, the connection
    samples, others = [], []
    for _ in range(repeat):
        for call, kept in zip(calls, (samples, others), strict=False):
            started = time.perf_counter()
            call()
            kept.append((time.perf_counter() - started) * 1000)
    # Counted by an execute wrapper rather than the debug query log, which DEBUG off leaves empty.
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        fn()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    samples.sort()
    return {
        **({"beside_p50_ms": round(statistics.median(others), 2)} if others else {}),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 2),
        "queries": len(queries),
        "peak_mib": round(peak / 2**20, 1),
    }


class PeakRSS:
    """The process's peak resident memory while a bulk operation runs: Linux's high-water mark (VmHWM) is
    reset to the current RSS before (`/proc/self/clear_refs`), so that pages measured earlier, whose memory
    the process may still hold or once held, do not stand for the operation's peak. `held_mib` is what the
    process held when the operation started. Elsewhere, the process's lifetime peak (ru_maxrss)."""

    STATUS = Path("/proc/self/status")

    def __enter__(self):
        self.held_mib = self._read("VmRSS")
        with contextlib.suppress(OSError):  # not Linux, or not allowed: the lifetime peak below
            Path("/proc/self/clear_refs").write_text("5")
            self.held_mib = self._read("VmHWM")  # the mark as reset, which the peak cannot be below
        return self

    def __exit__(self, *exc):
        self.peak_mib = self._read("VmHWM")
        if self.peak_mib is None:
            self.peak_mib = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

    def _read(self, name: str) -> float | None:
        try:
            found = re.search(rf"^{name}:\s+(\d+) kB", self.STATUS.read_text(), re.MULTILINE)
        except OSError:
            return None
        return round(int(found.group(1)) / 1024, 1) if found else None


def calibration() -> dict:
    """The machine's own speed, measured in the run: sessions' machines have differed 2–2.6× for the same code
    (the same file read at 66 000 and at 173 000 rows/s), so milliseconds compare across runs only beside
    these. Python: a fixed interpreter workload; PostgreSQL: a fixed query with no table. Median of five."""
    from django.db import connection

    def python():
        total = 0
        for i in range(2_000_000):
            total += i % 7
        return total

    def postgresql():
        with connection.cursor() as cursor:
            cursor.execute("SELECT sum(mod(i, 7)) FROM generate_series(1, 2000000) AS i")
            cursor.fetchone()

    result = {}
    for name, fn in (("python_ms", python), ("postgresql_ms", postgresql)):
        samples = []
        for _ in range(5):
            started = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - started) * 1000)
        result[name] = round(statistics.median(samples), 1)
    return result


def get(client, path):
    def call():
        response = client.get(path, secure=True)
        assert response.status_code == 200, (path, response.status_code)
        return response

    return call


def kept(call):
    """The call with the boards' cache on (core.datacache; per-process memory here), warmed by `timed`'s first
    call: what a user sees once someone has opened the board since the last write."""
    from django.test import override_settings

    def run():
        with override_settings(BOARD_CACHE_SECONDS=600):
            return call()

    return run


def replay(call):
    """The raw SQL that computes the same numbers: the statements one request of the page issues, captured
    with their parameters, run again through `connection.cursor()` (fetchall) — the database's share of the
    page without Django's ORM, Python or templates, so the ratio measures exactly their overhead.

    Captured by an execute wrapper (as CaptureQueriesContext would, but keeping the parameters instead of
    interpolating them into the text); only reads are replayed, so the bench database stays as generated.
    """
    from django.db import connection

    statements = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        call()
    # The first word, past the parentheses of a UNION's first branch: `(SELECT`, `WITH cells AS (…`.
    reads = [(sql, params) for sql, params in statements if _first_word(sql) in READS]

    def run():
        with connection.cursor() as cursor:
            for sql, params in reads:
                cursor.execute(sql, params)
                cursor.fetchall()
        return len(reads)

    return run


def _first_word(sql: str) -> str:
    return sql.lstrip(" \n(").split(None, 1)[0].upper()


def students_rows(rows: int) -> tuple[list[str], list[list]]:
    """A contingent list over the existing groups: three rows in four with СНИЛС, the rest found by name.
    Dates are text (dd.mm.yyyy), as a list typed by hand gives them, so that each is parsed."""
    from profcluster.core.identifiers import snils_check_digits
    from profcluster.education.models import Group

    groups = list(Group.objects.order_by("pk").values_list("name", "intake_year"))
    patronymics = ["Иванович", "Петрович", "Сергеевич", "Андреевич", "Олегович", "Павлович", "", "Юрьевич"]
    names = ["Иван", "Пётр", "Алексей", "Дмитрий", "Сергей", "Андрей", "Максим", "Артём"]
    headers = ["Группа", "Фамилия", "Имя", "Отчество", "Дата рождения", "СНИЛС", "Дата зачисления", "Статус",
               "Статус с"]  # fmt: skip
    body = []
    for i in range(rows):
        group, intake = groups[i % len(groups)]
        # The synthetic students have no СНИЛС, so these (from 200-000-000 up) are new and unique.
        digits = f"{200_000_000 + i:09d}"
        snils = digits + snils_check_digits(digits) if i % 4 else None
        birth = f"{1 + i % 28:02d}.{1 + i // 28 % 12:02d}.{intake - 16 + i % 3}"
        enrolled = f"01.09.{intake}"
        body.append(
            [group, f"Импортов{i}", names[i % 8], patronymics[i // 8 % 8] or None, birth, snils, enrolled,
             "обучается", enrolled]
        )  # fmt: skip
    return headers, body


def students_workbook(rows: int) -> bytes:
    """The list as office software saves it: text in the shared strings table, the XML in UTF-8 (as Excel and
    LibreOffice write, and as the import template and every export of profcluster are written)."""
    from profcluster.core.xlsx import Sheet, workbook_bytes

    headers, body = students_rows(rows)
    return workbook_bytes([Sheet("Обучающиеся", headers, body)])


def students_workbook_escaped(rows: int) -> bytes:
    """The same list as openpyxl's write-only mode saves it: every cell's text inline and every Cyrillic
    letter as a character reference (&#1043;), 71 MB of XML for 100 000 rows against 38 MB. No office
    program writes this; kept as the worst case of reading, measured beside the usual file."""
    from openpyxl import Workbook

    headers, body = students_rows(rows)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Обучающиеся")
    for row in [headers, *body]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bench_import(user) -> dict:
    # A warm-up, as the pages have: the process's first import pays for what the rest reuse (translations,
    # compiled statements, the database's pages of the students' indexes), which the first file measured paid.
    import_file(user, students_workbook(1_000))
    result = import_file(user, students_workbook(IMPORT_ROWS))
    escaped = import_file(user, students_workbook_escaped(IMPORT_ROWS))
    result["escaped_file"] = {
        key: escaped[key] for key in ("rows_per_s", "seconds", "baseline_rows_per_s", "peak_mib", "held_mib")
    }
    return result


def import_file(user, content: bytes) -> dict:
    from django.db import transaction

    from profcluster.core.importer import run_import
    from profcluster.core.tabular import read_table
    from profcluster.education.imports import SPECS

    spec = next(spec for spec in SPECS if spec.slug == "students")
    started = time.perf_counter()
    table = read_table(content, "students.xlsx")
    read_seconds = time.perf_counter() - started

    class RollbackError(Exception):
        pass

    # Timed without tracemalloc, which slows Python code several times; memory is the process's peak RSS while
    # the file is read and imported (PeakRSS), the table read above for the baseline let go first.
    del table
    with PeakRSS() as memory:
        started = time.perf_counter()
        try:
            with transaction.atomic():
                result = run_import(spec, read_table(content, "students.xlsx"), user, apply=True)
                elapsed = time.perf_counter() - started
                rows = len(result.rows)
                assert result.applied, result.error_messages[:3]
                raise RollbackError  # keep the database as generated, so that runs compare
        except RollbackError:
            pass
        del result
    # The rolled-back rows stay as dead tuples until a vacuum (this server runs without autovacuum): all later
    # measurement, and the next run's import, would read past them.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE education_student, education_historicalstudent")
    return {
        "rows": rows,
        "rows_per_s": round(rows / elapsed),
        "seconds": round(elapsed, 2),
        "baseline_rows_per_s": round(rows / read_seconds),
        "peak_mib": memory.peak_mib,
        "held_mib": memory.held_mib,
        "file_mib": round(len(content) / 2**20, 1),
    }


def bench_export(client) -> dict:
    """The graduates list (a quarter of all students: 250 000 rows at scale 1) exported to XLSX the way a big
    export really runs: the request answers with a background job at once, then the worker's function writes
    the file (here in this process). The job, its queued task and its file are removed afterwards. Baseline:
    the same rows read as the export reads them, no file written."""
    from django.db import transaction
    from django.utils import translation

    from profcluster.core.dbrouting import reading_from_replica
    from profcluster.core.views import export_view
    from profcluster.imports.exports import export_job_process
    from profcluster.imports.models import ExportJob

    with PeakRSS() as memory, transaction.atomic():
        started = time.perf_counter()
        response = client.get("/education/students/?status=graduated&export=xlsx", secure=True)
        answered = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        job = export_job_process(job=ExportJob.objects.latest("pk"))
        elapsed = time.perf_counter() - started
        assert job.status == ExportJob.Status.DONE, job.error
        with job.file.open("rb") as file:
            assert file.read(2) == b"PK"
        rows, size = job.total_rows, job.file.size
        job.file.delete(save=False)
        transaction.set_rollback(True)
    # Baseline: the same rows as the export reads them (the gated, filtered query and each column's value),
    # without writing a file: the ratio is what the XLSX writer adds.
    with translation.override(job.language), reading_from_replica():
        view = export_view(path="/education/students/", query="status=graduated&export=xlsx", user=job.user)
        started = time.perf_counter()
        read = sum(1 for _row in view.export_rows())
        read_seconds = time.perf_counter() - started
    assert read == rows, (read, rows)
    return {
        "rows": rows,
        "rows_per_s": round(rows / elapsed),
        "baseline_rows_per_s": round(rows / read_seconds),
        "seconds": round(elapsed, 2),
        "request_ms": round(answered * 1000, 1),
        "file_mib": round(size / 2**20, 1),
        # tracemalloc would slow the writer several times over: the process peak is reported instead.
        "peak_mib": memory.peak_mib,
        "held_mib": memory.held_mib,
    }


SNAPSHOT_LOOP = int(os.environ.get("BENCH_SNAPSHOT_LOOP", "20"))


def bench_snapshot(user) -> dict:
    """The KPI snapshot of every cluster for one period through the real service, rolled back:
    kpi.services.reports_submit_all submits every cluster's report at once (formulas computed once for all
    clusters, snapshots, log and history written in bulk). Baseline: report_submit itself, one cluster at a
    time, on the first BENCH_SNAPSHOT_LOOP clusters. Rates are clusters per second."""
    from django.db import transaction

    from profcluster.clusters.models import Cluster
    from profcluster.kpi.models import ReportingPeriod
    from profcluster.kpi.services import report_submit, reports_submit_all

    class RollbackError(Exception):
        pass

    period = ReportingPeriod.objects.order_by("-year", "kind").first()
    clusters = Cluster.objects.order_by("pk")

    def snapshot():
        result = reports_submit_all(period=period, user=user)
        assert not result.locked, "the bench period must be open"
        return len(result.submitted)

    def rolled_back(call):
        started = time.perf_counter()
        try:
            with transaction.atomic():
                result = call()
                elapsed = time.perf_counter() - started
                raise RollbackError  # keep the database as generated, so that runs compare
        except RollbackError:
            pass
        return result, elapsed

    rows, elapsed = rolled_back(snapshot)
    tracemalloc.start()
    rolled_back(snapshot)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    sample = list(clusters[:SNAPSHOT_LOOP])

    def one_by_one():
        for cluster in sample:
            report_submit(cluster=cluster, period=period, user=user)
        return len(sample)

    looped, loop_seconds = rolled_back(one_by_one)
    return {
        "rows": rows,
        "rows_per_s": round(rows / elapsed, 1),
        "seconds": round(elapsed, 2),
        "baseline_rows_per_s": round(looped / loop_seconds, 1),
        "peak_mib": round(peak / 2**20, 1),
        "period": str(period),
        # The target, 600 clusters in 60 s, as a rate: 10 clusters a second.
        "target_rows_per_s": 10,
    }


def main() -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib import admin
    from django.test.utils import setup_test_environment

    from profcluster.clusters.models import Cluster
    from profcluster.education.models import Student
    from profcluster.finance.models import Payment
    from profcluster.organisations.models import Organisation

    setup_test_environment()
    # The pages are measured computing their figures; the boards' cache is measured in cases of its own.
    settings.BOARD_CACHE_SECONDS = 0
    meta = prepare()
    meta["calibration"] = calibration()  # before anything else runs: the machine as quiet as it gets
    print(f"Calibration: {meta['calibration']}")
    federal, superuser = users()
    client, admin_client = client_for(federal), client_for(superuser)
    # The baselines show the same number of rows as the pages they stand beside.
    for model in (Organisation, Cluster, Student, Payment):
        admin.site._registry[model].list_per_page = settings.PAGINATE_BY
    cluster = Cluster.objects.order_by("pk").first()

    cases = [
        # name, measured, baseline name, baseline, target (kind, value). The dashboards' baseline is the raw
        # SQL of the page itself (see replay), taken once the page is warm.
        ("Federal finance roll-up /finance/", get(client, "/finance/"), REPLAY, "/finance/", ("ratio", 1.5)),
        ("Cluster finance page", get(client, f"/finance/clusters/{cluster.pk}/"), REPLAY,
         f"/finance/clusters/{cluster.pk}/", ("p50_ms", 100)),
        ("Cluster page", get(client, f"/clusters/{cluster.pk}/"), REPLAY, f"/clusters/{cluster.pk}/",
         ("p50_ms", 100)),
        ("Cluster list", get(client, "/clusters/"), "admin changelist",
         get(admin_client, "/admin/clusters/cluster/"), ("ratio", 1.0)),
        ("Organisation list", get(client, "/organisations/"), "admin changelist",
         get(admin_client, "/admin/organisations/organisation/"), ("ratio", 1.0)),
        ("API /api/clusters/", get(client, "/api/clusters/"), "admin changelist",
         get(admin_client, "/admin/clusters/cluster/"), ("ratio", 1.0)),
        # The lists of the million-row tables, the country's first page.
        ("Student list", get(client, "/education/students/"), "admin changelist",
         get(admin_client, "/admin/education/student/"), ("ratio", 1.0)),
        ("Payment list", get(client, "/finance/payments/"), "admin changelist",
         get(admin_client, "/admin/finance/payment/"), ("ratio", 1.0)),
        ("API /api/education/students/", get(client, "/api/education/students/"), "admin changelist",
         get(admin_client, "/admin/education/student/"), ("ratio", 1.0)),
        ("API /api/payments/", get(client, "/api/payments/"), "admin changelist",
         get(admin_client, "/admin/finance/payment/"), ("ratio", 1.0)),
        ("KPI federal dashboard", get(client, "/kpi/federal/"), REPLAY, "/kpi/federal/", ("ratio", 1.5)),
        ("KPI federal dashboard, cached", kept(get(client, "/kpi/federal/")), UNCACHED,
         get(client, "/kpi/federal/"), ("p50_ms", 100)),
        ("Federal finance roll-up, cached", kept(get(client, "/finance/")), UNCACHED,
         get(client, "/finance/"), ("p50_ms", 100)),
        ("KPI region dashboard", get(client, f"/kpi/regions/{cluster.region_id}/"), REPLAY,
         f"/kpi/regions/{cluster.region_id}/", ("ratio", 1.5)),
        ("KPI cluster dashboard", get(client, f"/kpi/clusters/{cluster.pk}/"), REPLAY,
         f"/kpi/clusters/{cluster.pk}/", ("p50_ms", 100)),
    ]  # fmt: skip
    unknown = set(ONLY) - set(PARTS)
    if unknown:
        raise SystemExit(f"BENCH_ONLY: unknown parts {sorted(unknown)}; the parts are {', '.join(PARTS)}")
    results = {"pages": [], "meta": meta}
    for name, measured, baseline_name, baseline, target in cases:
        if "pages" not in ONLY or PAGES.lower() not in name.lower():
            continue
        if baseline_name == REPLAY:
            baseline = replay(get(client, baseline))
        row = {"name": name, **timed(measured, REPEAT, beside=baseline or None)}
        if baseline:
            row["baseline"] = baseline_name
            row["baseline_p50_ms"] = row.pop("beside_p50_ms")
            row["ratio"] = round(row["p50_ms"] / row["baseline_p50_ms"], 2)
        if target:
            kind, value = target
            row["target"] = f"p50 ≤ {value} ms" if kind == "p50_ms" else f"p50 ≤ {value}× baseline"
            row["met"] = (row["p50_ms"] if kind == "p50_ms" else row["ratio"]) <= value
        row["queries_ok"] = row["queries"] <= MAX_QUERIES
        results["pages"].append(row)
        print(
            f"{name}: p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, {row['queries']} queries, "
            f"peak {row['peak_mib']} MiB" + (f", {row['ratio']}× {row['baseline']}" if baseline else "")
        )
    if "import" in ONLY:
        results["import"] = bench_import(superuser)
        print(f"Import: {results['import']}")
    if "export" in ONLY:
        results["export"] = bench_export(client)
        print(f"Export: {results['export']}")
    if "snapshot" in ONLY:
        results["snapshot"] = bench_snapshot(superuser)
        print(f"KPI snapshot: {results['snapshot']}")
    results["max_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["meta"].update(
        scale=SCALE,
        repeat=REPEAT,
        when=datetime.datetime.now().isoformat(timespec="seconds"),
        machine=f"{platform.node()} {os.cpu_count()} CPU, Python {platform.python_version()}",
        counts=counts(),
        postgresql=postgresql_settings(),
    )
    if set(ONLY) == set(PARTS) and not PAGES:
        write(results)
    else:
        matching = f", pages matching {PAGES!r}" if PAGES else ""
        print(f"A part of the run ({', '.join(ONLY)}{matching}): not written to bench/results.")
    return 0


def postgresql_settings() -> str:
    """JIT decides whether the big aggregate pages take 0.1 s or 1.5 s; the results must say which it was."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version(), current_setting('jit'), current_setting('jit_above_cost')")
        version, jit, above = cursor.fetchone()
    return f"{version.split(' on ')[0]}, jit={jit} (jit_above_cost {above})"


def counts() -> dict:
    from profcluster.clusters.models import Cluster
    from profcluster.education.models import Student
    from profcluster.finance.models import Commitment, Payment
    from profcluster.organisations.models import Organisation
    from profcluster.staff.models import StaffMember

    return {
        "clusters": Cluster.objects.count(),
        "organisations": Organisation.objects.count(),
        "staff": StaffMember.objects.count(),
        "students": Student.objects.count(),
        "ledger": Commitment.objects.count() + Payment.objects.count(),
    }


def write(results: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    meta, imp, exp = results["meta"], results["import"], results["export"]
    esc = imp["escaped_file"]

    def met(ok: bool) -> str:
        return "yes" if ok else "NO"

    lines = [
        f"# Benchmark {meta['when']} — scale {meta['scale']}",
        "",
        f"Data: {', '.join(f'{k} {v:,}'.replace(',', ' ') for k, v in meta['counts'].items())}. "
        f"{meta['machine']}; {meta['postgresql']}; {meta['repeat']} requests per page after a warm-up; "
        "Django test client, DEBUG off. This machine's speed (calibration, compare runs beside it): a fixed "
        f"Python loop {meta['calibration']['python_ms']} ms, a fixed query "
        f"{meta['calibration']['postgresql_ms']} ms.",
        "",
        "| Page | p50 ms | p95 ms | queries (≤ 20) | peak MiB | baseline | baseline p50 ms | ratio | target "
        "| met |",
        "|---|---:|---:|---:|---:|---|---:|---:|---|---|",
    ]
    for row in results["pages"]:
        lines.append(
            f"| {row['name']} | {row['p50_ms']} | {row['p95_ms']} | {row['queries']} "
            f"{'✔' if row['queries_ok'] else '✘'} | {row['peak_mib']} | {row.get('baseline', '')} | "
            f"{row.get('baseline_p50_ms', '')} | {row.get('ratio', '')} | {row.get('target', '')} | "
            f"{'' if 'met' not in row else ('yes' if row['met'] else 'NO')} |"
        )
    lines += [
        "",
        "| Bulk operation | rows | rows/s | seconds | baseline rows/s | peak MiB (process RSS during it) "
        "| target | met |",
        "|---|---:|---:|---:|---:|---:|---|---|",
        f"| Import students XLSX (run_import, apply) | {imp['rows']} | {imp['rows_per_s']} | "
        f"{imp['seconds']} | {imp['baseline_rows_per_s']} (read_table only) | {imp['peak_mib']} "
        f"(held {imp['held_mib']} before) | ≥ 10 000 rows/s, < 1 GiB | "
        f"{met(imp['rows_per_s'] >= 10_000 and imp['peak_mib'] < 1024)} |",
        "| — the same list as openpyxl writes it (every letter a character reference: reading's worst case) "
        f"| {imp['rows']} | {esc['rows_per_s']} | {esc['seconds']} | "
        f"{esc['baseline_rows_per_s']} (read_table only) | {esc['peak_mib']} (held {esc['held_mib']} before) "
        f"| < 1 GiB | {met(esc['peak_mib'] < 1024)} |",
        f"| Export of the graduates list to XLSX (background job) | {exp['rows']} | "
        f"{exp['rows_per_s']} | {exp['seconds']} | {exp['baseline_rows_per_s']} (the rows read, no file) | "
        f"{exp['peak_mib']} (held {exp['held_mib']} before) | "
        f"≥ 20 000 rows/s, < 1 GiB | {met(exp['rows_per_s'] >= 20_000 and exp['peak_mib'] < 1024)} |",
    ]
    if "snapshot" in results:
        snap = results["snapshot"]
        lines.append(
            f"| KPI snapshot of every cluster, {snap['period']} (reports_submit_all, rolled back; rows are "
            f"clusters) | {snap['rows']} | "
            f"{snap['rows_per_s']} | {snap['seconds']} | "
            f"{snap['baseline_rows_per_s']} (report_submit one by one) "
            f"| {snap['peak_mib']} | 600 clusters ≤ 60 s (≥ {snap['target_rows_per_s']} clusters/s) | "
            f"{'yes' if snap['rows_per_s'] >= snap['target_rows_per_s'] else 'NO'} |"
        )
    lines += [
        "",
        f"The whole run's process peak RSS (ru_maxrss, every page and file in one process): "
        f"{results['max_rss_mib']} MiB.",
        "",
    ]
    (RESULTS / f"{stamp}.md").write_text("\n".join(lines))
    (RESULTS / "latest.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
