"""What a unit of work committed is read from its rows: every write says what it touched, reads and failures nothing."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from frontdesk.db.changes import collecting
from frontdesk.db.models import Disposition, Setting
from frontdesk.domain import wallclock
from frontdesk.domain.errors import FrontDeskError
from frontdesk.domain.letter import LetterInput
from frontdesk.services import complaints, deadlines, disposition, letters, reference

NOW = datetime(2026, 11, 25, 9, 0)


@pytest.fixture
def departments(db, admin) -> dict[str, int]:
    return {o.name: o.id for o in reference.departments(db)}


@pytest.fixture
def complaint(db, clerk, make_form):
    wallclock.set_fixed(NOW)
    return complaints.register(db, clerk, make_form())


def test_registering_a_complaint_names_it(db, clerk, make_form):
    wallclock.set_fixed(NOW)
    with collecting() as log:
        view = complaints.register(db, clerk, make_form())
    assert ("complaint", view.id) in log.records
    assert log.changes.ids("complaint") == {view.id}
    assert log.changes.touches("complaint", view.id)
    assert not log.changes.touches("letter")


def test_a_disposition_step_names_the_complaint(db, clerk, complaint, departments):
    with collecting() as log:  # the first step also stores the form
        view = disposition.dispatch(db, clerk, complaint.id, departments["工程部"], version=None)
    assert log.changes.kinds == {"complaint"}
    assert log.changes.ids("complaint") == {complaint.id}
    with collecting() as log:  # and a later one changes it
        disposition.give_feedback(db, clerk, complaint.id, "已告知客户工程部将上门")
        disposition.escalate(db, clerk, complaint.id, None, "客户要求上级处理", version=view.version)
    assert log.changes.ids("complaint") == {complaint.id}


def test_reading_a_form_names_nothing(db, clerk, complaint):
    with collecting() as log:
        disposition.get(db, clerk, complaint.id)
    assert not log.records


def test_a_change_to_the_form_row_alone_names_its_complaint(db, clerk, complaint, departments):
    form_id = disposition.dispatch(db, clerk, complaint.id, departments["工程部"], version=None).id
    with collecting() as log, db.write() as session:
        session.get(Disposition, form_id).dispatch_note = "请尽快上门"
    assert log.records == {("complaint", complaint.id)}


def test_a_letter_names_the_letter_and_the_complaint_it_is_about(db, clerk, complaint, departments):
    form = LetterInput(
        from_department_id=departments["服务站"], to_department_id=departments["工程部"], subject="电梯异响",
        body="3 号楼电梯运行时有异响", reply_due=NOW + timedelta(days=1), issuer_name="刘站长",
        complaint_id=complaint.id,
    )
    with collecting() as log:
        view = letters.create(db, clerk, form)
    assert log.changes.ids("letter") == {view.id}
    assert log.changes.touches("complaint", complaint.id)  # its clocks now count the letter


def test_a_setting_names_the_settings_as_a_whole(db, admin):
    with collecting() as log:
        deadlines.set_rule(db, admin, "feedback", limit_minutes=120, mode="calendar", pausable=True)
    assert log.records == {("settings", None)}
    assert log.changes.touches("settings", 7)  # the kind as a whole covers any id


def test_reads_record_nothing(db, clerk, complaint):
    disposition.get(db, clerk, complaint.id)  # the first opening creates the form; later ones only read
    with collecting() as log:
        complaints.get(db, clerk, complaint.id)
        disposition.get(db, clerk, complaint.id)
        letters.list_letters(db, clerk)
    assert log.records == set()
    assert not log.changes


def test_a_write_that_rolled_back_records_nothing(db, admin):
    with collecting() as log:
        with pytest.raises(RuntimeError), db.write() as session:
            session.add(Setting(key="lock_minutes", value="30"))
            session.flush()  # the row went to the database, then the unit of work failed
            raise RuntimeError("failed after the flush")
        assert log.records == set()
        # the next unit of work on this thread starts clean
        deadlines.set_rule(db, admin, "feedback", limit_minutes=60, mode="calendar", pausable=False)
    assert log.records == {("settings", None)}


def test_a_write_refused_by_the_service_records_nothing(db, clerk, complaint, departments):
    disposition.dispatch(db, clerk, complaint.id, departments["工程部"], version=None)
    with collecting() as log, pytest.raises(FrontDeskError):  # dispatched already: refused
        disposition.dispatch(db, clerk, complaint.id, departments["保洁部"], version=None)
    assert log.records == set()


def test_nested_collectors_each_see_their_own_and_the_outer_sees_all(db, clerk, admin, make_form):
    wallclock.set_fixed(NOW)
    with collecting() as outer:
        first = complaints.register(db, clerk, make_form())
        with collecting() as inner:
            second = complaints.register(db, clerk, make_form(complainant="王五"))
        assert inner.changes.ids("complaint") == {second.id}
        deadlines.set_rule(db, admin, "feedback", limit_minutes=90, mode="calendar", pausable=False)
        assert inner.changes.ids("complaint") == {second.id}  # closed: it hears nothing more
        assert not inner.changes.touches("settings")
    assert outer.changes.ids("complaint") == {first.id, second.id}
    assert outer.changes.touches("settings")


def test_nothing_is_collected_without_a_collector_or_from_another_thread(db, clerk, make_form):
    wallclock.set_fixed(NOW)
    complaints.register(db, clerk, make_form())  # no collector open: nothing kept for later
    with collecting() as log:
        worker = threading.Thread(target=lambda: complaints.register(db, clerk, make_form(complainant="王五")))
        worker.start()
        worker.join()
    assert log.records == set()
