"""The import engine's write-behind: a chunk's history copied in a thread while the next chunk is validated
(PostgreSQL only, where new records go by COPY)."""

import dataclasses
import datetime
import gc
import threading
import time
import weakref

import pytest
from django.db import DatabaseError, connection

from profcluster.core import importer
from profcluster.core.importer import run_import
from profcluster.core.tabular import Table
from profcluster.core.tests.test_importer import HEADERS, STUDENTS, enrol
from profcluster.education.models import Student
from profcluster.education.tests import conftest as education

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY, and so the write-behind, is PostgreSQL's"
)
college, edu = education.college, education.edu
SURNAMES = ["Зуева", "Ильина", "Климова", "Лосева", "Мухина", "Носова", "Орлова"]


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of two rows, so that seven rows make four chunks and three writes overlap the next chunk."""
    monkeypatch.setattr(importer, "CHUNK", 2)


@pytest.fixture
def history_calls(monkeypatch):
    """Each history copy: the thread it ran in, when it began and ended."""
    calls, copy = [], importer._HistoryCopy.__call__

    def recorded(self, pks, *args):
        began = time.monotonic()
        time.sleep(0.05)  # long enough for the main thread to get ahead, were it not made to wait
        copy(self, pks, *args)
        calls.append((threading.current_thread().name, began, time.monotonic(), list(pks)))

    monkeypatch.setattr(importer._HistoryCopy, "__call__", recorded)
    return calls


def rows(surnames=SURNAMES):
    return [enrol(surname) for surname in surnames]


def imported(rows, user, spec=STUDENTS):
    return run_import(spec, Table(HEADERS, rows), user, apply=True)


def no_import_threads_left():
    return not any(thread.name == "import-history" for thread in threading.enumerate())


def test_it_writes_every_chunk_and_its_history_as_the_plain_path_does(
    college, edu, small_chunks, history_calls
):
    result = imported(rows(), college)
    assert result.applied and [row.action for row in result.rows] == ["create"] * 7, result.error_messages
    # Three chunks' histories were copied in the thread; the last one's too, once the file was read.
    assert [name for name, *_ in history_calls] == ["import-history"] * 4
    assert [len(pks) for *_, pks in history_calls] == [2, 2, 2, 1]
    for surname in SURNAMES:
        history = Student.objects.get(surname=surname).history.get()
        assert (history.history_type, history.history_user, history.surname) == ("+", college, surname)
        assert history.history_change_reason == "Загрузка из файла"
    assert no_import_threads_left() and not connection.allow_thread_sharing

    # The same file through the plain path gives the same records and the same history.
    plain = dataclasses.replace(STUDENTS, write_behind=False)
    Student.objects.filter(surname__in=SURNAMES).delete()
    history_calls.clear()
    imported(rows(), college, plain)
    assert [name for name, *_ in history_calls] == ["MainThread"] * 4
    assert Student.history.filter(surname__in=SURNAMES, history_type="+").count() == 14


def test_a_query_of_the_main_thread_waits_for_the_copy_in_flight(
    college, edu, small_chunks, history_calls, monkeypatch
):
    asked, clean = [], Student.clean

    def asking_clean(student):  # a model rule that asks the database, as some do
        Student.objects.filter(group=student.group_id).exists()
        asked.append(time.monotonic())  # when the answer came
        clean(student)

    monkeypatch.setattr(Student, "clean", asking_clean)
    assert imported(rows(), college).applied
    for _name, began, ended, _pks in history_calls:
        assert not [at for at in asked if began < at < ended]


def test_a_row_the_database_refuses_in_a_later_chunk_is_named_and_nothing_is_written(
    college, edu, small_chunks, history_calls, monkeypatch
):
    monkeypatch.setattr(Student, "clean", lambda student: None)
    late = [*enrol("Носова")[:7], "01.09.2025"]  # a status from before the enrolment: the check constraint
    result = imported([*rows(SURNAMES[:5]), late, enrol("Орлова")], college)
    assert result.error_messages == ["строка 7: Статус не может начинаться раньше зачисления."]
    assert not result.applied and not Student.objects.filter(surname__in=SURNAMES).exists()
    assert not Student.history.filter(surname__in=SURNAMES).exists() and no_import_threads_left()


def test_a_failed_history_copy_fails_the_import_and_writes_nothing(college, edu, small_chunks, monkeypatch):
    copy, calls = importer._HistoryCopy.__call__, []

    def failing(self, pks, *args):
        calls.append(threading.current_thread().name)
        if len(calls) == 2:
            raise DatabaseError("the disk is full")
        copy(self, pks, *args)

    monkeypatch.setattr(importer._HistoryCopy, "__call__", failing)
    with pytest.raises(DatabaseError, match="the disk is full"):
        imported(rows(), college)
    assert calls == ["import-history"] * 2  # nothing more was asked once the copy had failed
    assert not Student.objects.filter(surname__in=SURNAMES).exists() and no_import_threads_left()
    assert not connection.allow_thread_sharing


def test_an_error_in_the_main_thread_waits_for_the_copy_before_the_transaction_ends(
    college, edu, small_chunks, history_calls, monkeypatch
):
    build, built = importer._Run._build, []

    def breaking(self, row):
        built.append(row)
        if len(built) == 5:  # the third chunk, while the second chunk's history is copied
            raise RuntimeError("a bug")
        return build(self, row)

    monkeypatch.setattr(importer._Run, "_build", breaking)
    with pytest.raises(RuntimeError, match="a bug"):
        imported(rows(), college)
    assert len(history_calls) == 2 and no_import_threads_left()
    assert not Student.objects.filter(surname__in=SURNAMES).exists()


def test_updates_and_new_records_mixed_in_chunks_are_written_in_order(
    college, edu, small_chunks, history_calls
):
    assert imported(rows(SURNAMES[:3]), college).applied
    history_calls.clear()
    changed = [[*row[:7], "01.10.2026"] for row in rows(SURNAMES[:3])]  # the same students, a later status
    result = imported([changed[0], changed[1], enrol("Лосева"), enrol("Мухина"), changed[2]], college)
    assert [row.action for row in result.rows] == ["update", "update", "create", "create", "update"]
    changed_on = datetime.date(2026, 10, 1)
    assert Student.objects.filter(surname__in=SURNAMES[:3], status_since=changed_on).count() == 3
    assert Student.objects.filter(surname__in=["Лосева", "Мухина"]).count() == 2
    # Only the chunk of new records alone was copied in the thread; the updates went the plain way.
    assert [(name, len(pks)) for name, *_, pks in history_calls] == [
        ("MainThread", 2),
        ("import-history", 2),
        ("MainThread", 1),
    ]
    assert (
        Student.history.filter(surname__in=SURNAMES[:3], history_type="~", status_since=changed_on).count()
        == 3
    )


def test_the_gate_is_checked_for_every_chunk(auditor, edu, small_chunks):
    result = imported(rows(), auditor)
    assert len(result.error_messages) == 7 and not result.applied
    assert not Student.objects.filter(surname__in=SURNAMES).exists() and no_import_threads_left()


def test_the_run_is_freed_once_the_import_ends_without_the_cycle_collector(college, edu, monkeypatch):
    """The run and its write-behind hold each other while the import runs; were they still to, every key and
    reference the run keeps would wait for the collector, which the import leaves paused (a worker grew by
    250 MB an import of 100 000 rows)."""
    runs, init = [], importer._Run.__init__

    def recorded(self, *args, **kwargs):
        init(self, *args, **kwargs)
        runs.append(weakref.ref(self))

    monkeypatch.setattr(importer._Run, "__init__", recorded)
    gc.disable()
    try:
        assert imported(rows(), college).applied
        assert len(runs) == 1 and runs[0]() is None
    finally:
        gc.enable()
