"""Values a careless user or an attacker hands the services: each is refused with a message keyed by
its field, and nothing is written (SPEC §2.1, §3, §5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from frontdesk.db.models import Complaint, Customer, Disposition, HistoryEntry, Letter, User
from frontdesk.domain import complaint as complaint_rules
from frontdesk.domain import disposition as disposition_rules
from frontdesk.domain import letter as letter_rules
from frontdesk.domain import wallclock
from frontdesk.domain.errors import SignInFailed, ValidationFailed
from frontdesk.domain.letter import LetterInput
from frontdesk.domain.types import CustomerInput, RegisterFilter
from frontdesk.services import (
    auth,
    complaints,
    customers,
    deadlines,
    disposition,
    letters,
    reference,
    register,
)
from frontdesk.services.access import as_actor

NOW = datetime(2026, 11, 20, 9, 0)
CONTROL = ["\x00", "\x07", "\x1b", "\x7f", "\x85"]


def _count(db, model) -> int:  # noqa: ANN001
    with db.read() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def _history(db) -> int:  # noqa: ANN001
    return _count(db, HistoryEntry)


@pytest.fixture(autouse=True)
def _now():
    wallclock.set_fixed(NOW)


def _refused(call, field: str) -> str:  # noqa: ANN001
    """Run ``call``; it must be refused with a message under ``field``, which is returned."""
    with pytest.raises(ValidationFailed) as info:
        call()
    assert field in info.value.fields, info.value.fields
    return info.value.fields[field]


# -- complaints ------------------------------------------------------------------------------------

COMPLAINT_TEXTS = ["complainant", "location_text", "target", "content", "demand", "validity_note", "note"]


@pytest.mark.parametrize("field", COMPLAINT_TEXTS)
def test_every_complaint_text_has_a_limit(db, clerk, make_form, field):
    limit = complaint_rules.TEXT_RULES[field].limit
    extra = {"validity": "invalid", "validity_note": "超出合同约定范围"} if field == "validity_note" else {}
    before = (_count(db, Complaint), _history(db))
    message = _refused(lambda: complaints.register(db, clerk, make_form(**{**extra, field: "漏" * (limit + 1)})),
                       field)
    assert str(limit) in message
    assert (_count(db, Complaint), _history(db)) == before
    complaints.register(db, clerk, make_form(**{**extra, field: "漏" * limit}))  # the limit itself is fine


def test_a_megabyte_of_content_is_refused_on_edit_too(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form())
    _refused(lambda: complaints.update(db, clerk, view.id, replace(complaints.as_input(view), content="水" * 1_000_000),
                                       view.version), "content")
    assert complaints.get(db, clerk, view.id).content == view.content


@pytest.mark.parametrize("char", CONTROL)
@pytest.mark.parametrize("field", ["complainant", "content", "demand", "note"])
def test_control_characters_are_refused(db, clerk, make_form, field, char):
    message = _refused(lambda: complaints.register(db, clerk, make_form(**{field: f"楼上{char}漏水"})), field)
    assert "控制字符" in message
    assert _count(db, Complaint) == 0


def test_line_feeds_and_tabs_are_fine_in_a_text_box_but_not_in_a_line(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form(content="楼上漏水\n\t天花板渗水", demand="尽快\n维修"))
    assert view.content == "楼上漏水\n\t天花板渗水"
    _refused(lambda: complaints.register(db, clerk, make_form(complainant="李\n四")), "complainant")
    _refused(lambda: complaints.register(db, clerk, make_form(note="回访\t两次")), "note")


@pytest.mark.parametrize("phone", ["---", "( )", "+ + +", "   -   "])
def test_a_phone_without_digits_is_refused(db, clerk, make_form, phone):
    _refused(lambda: complaints.register(db, clerk, make_form(phone=phone)), "phone")


@pytest.mark.parametrize("received_at", [
    datetime(1900, 1, 1), NOW - timedelta(days=400), NOW + timedelta(days=365), NOW + timedelta(minutes=30),
])
def test_a_received_time_far_from_now_is_refused(db, clerk, make_form, received_at):
    _refused(lambda: complaints.register(db, clerk, make_form(received_at=received_at)), "received_at")
    assert _count(db, Complaint) == 0


@pytest.mark.parametrize("received_at", [NOW - timedelta(days=300), NOW - timedelta(minutes=5), NOW + timedelta(minutes=2)])
def test_paper_forms_of_the_past_year_can_be_entered(db, clerk, make_form, received_at):
    assert complaints.register(db, clerk, make_form(received_at=received_at)).received_at == received_at


def test_an_old_complaint_can_still_be_edited(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form(received_at=NOW - timedelta(days=300)))
    wallclock.set_fixed(NOW + timedelta(days=200))  # now more than a year after it was received
    edited = complaints.update(db, clerk, view.id, replace(complaints.as_input(view), demand="上门维修"), view.version)
    assert edited.demand == "上门维修" and edited.received_at == view.received_at
    _refused(lambda: complaints.update(db, clerk, view.id, replace(complaints.as_input(edited),
                                                                   received_at=datetime(1900, 1, 1)),
                                       edited.version), "received_at")


@pytest.mark.parametrize(("field", "value"), [("customer_id", 9999), ("location_id", 9999)])
def test_a_customer_or_location_that_does_not_exist_is_named(db, clerk, make_form, field, value):
    _refused(lambda: complaints.register(db, clerk, make_form(**{field: value})), field)
    view = complaints.register(db, clerk, make_form())
    _refused(lambda: complaints.update(db, clerk, view.id, replace(complaints.as_input(view), **{field: value}),
                                       view.version), field)


def test_a_location_of_another_customer_is_refused(db, clerk, make_form):
    zhang = customers.create(db, clerk, CustomerInput(name="张三", phone="13900001111", building="3", room="101"))
    li = customers.create(db, clerk, CustomerInput(name="李四", phone="13700002222", building="5", room="502"))
    _refused(lambda: complaints.register(db, clerk, make_form(customer_id=zhang.customer_id,
                                                               location_id=li.location_id)), "location_id")


@pytest.mark.parametrize(("field", "value"), [("category_id", 9999), ("department_id", 9999)])
def test_a_category_or_department_that_does_not_exist_is_named(db, clerk, make_form, field, value):
    _refused(lambda: complaints.register(db, clerk, make_form(**{field: value})), field)


# -- customers -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "key"), [
    ("phone", "abc", "customer_phone"),
    ("phone", "---", "customer_phone"),
    ("name", "张" * 51, "customer_name"),
    ("name", "张\x00三", "customer_name"),
    ("building", "3" * 21, "customer_building"),
    ("room", "12\x0701", "customer_room"),
    ("plate", "粤B" + "1" * 30, "customer_plate"),
    ("vin", "L" * 41, "customer_vin"),
    ("model", "凯" * 51, "customer_model"),
    ("area", "一" * 31, "customer_area"),
    ("other_phones", "1" * 101, "customer_other_phones"),
    ("id_number", "4" * 31, "customer_id_number"),
    ("note", "备" * 201, "customer_note"),
    ("kind", "robot", "customer_kind"),
])
def test_a_new_customer_with_a_bad_value_is_refused(db, clerk, make_form, field, value, key):
    values = {"name": "张三", "phone": "13900001111", field: value}
    new = CustomerInput(**values)
    _refused(lambda: customers.create(db, clerk, new), key)
    _refused(lambda: complaints.register(db, clerk, make_form(), new), key)
    assert (_count(db, Customer), _count(db, Complaint)) == (0, 0)


# -- searching -------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["ab\x00cd", "\x00", "漏水\x00", "TS-\x1b[31m", "水" * 5000, "\x01\x02漏水\x03"])
def test_control_characters_in_a_search_are_ignored(db, clerk, make_form, typed):
    view = complaints.register(db, clerk, make_form(content="楼上漏水,天花板渗水"))
    found = register.ids(db, clerk, RegisterFilter(text=typed))
    assert found in ([], [view.id])
    assert register.count(db, clerk, RegisterFilter(text=typed)) == len(found)
    assert customers.search(db, clerk, typed) == []


def test_a_search_split_by_a_control_character_still_finds(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form(content="楼上漏水,天花板渗水"))
    assert register.ids(db, clerk, RegisterFilter(text="漏水\x00")) == [view.id]
    customers.create(db, clerk, CustomerInput(name="张三丰", phone="13900001111"))
    assert [m.name for m in customers.search(db, clerk, "\x00张三丰\x00")] == ["张三丰"]


# -- the disposition form --------------------------------------------------------------------------

@pytest.fixture
def station(db, admin, clerk, make_form, monkeypatch):
    monkeypatch.setattr(auth, "hash_password", lambda password: "not-a-hash")
    departments = {d.name: d.id for d in reference.departments(db)}
    users = {}
    for username, role, department, head in (("gongcheng", "handler", "工程部", False), ("gcjingli", "handler", "工程部", True),
                                              ("pianqu", "area_manager", None, False),
                                              ("zichan", "supervisor", None, False)):
        auth.create_user(db, admin, username, username, "secret9", role, departments.get(department), head)
    with db.read() as session:
        for user in session.execute(select(User)).scalars():
            users[user.username] = as_actor(user)
    view = complaints.register(db, clerk, make_form(grade="major", major_criteria="A"))
    return {"clerk": clerk, "engineering": departments["工程部"], "complaint": view, **users}


def _form_row(db, complaint_id: int) -> tuple:  # noqa: ANN001
    with db.read() as session:
        row = session.execute(select(Disposition).where(Disposition.complaint_id == complaint_id)).scalar_one_or_none()
        if row is None:
            return ()
        return (row.version, row.dispatch_note, row.method_text, row.result_text, row.verification_text,
                row.verifier_name, row.supervisor_opinion)


def _step_calls(db, s):  # noqa: ANN001, ANN202
    """Each text of each step, with the field its message goes under and its limit."""
    cid, eng = s["complaint"].id, s["engineering"]
    rules = disposition_rules
    return {
        "dispatch_note": (lambda v: disposition.dispatch(db, s["clerk"], cid, eng, version=None, note=v),
                          rules.DISPATCH_NOTE_MAX),
        "feedback": (lambda v: disposition.give_feedback(db, s["clerk"], cid, v), rules.NOTE_MAX),
        "report_major": (lambda v: disposition.report_major(db, s["pianqu"], cid, v), rules.NOTE_MAX),
        "escalate": (lambda v: disposition.escalate(db, s["clerk"], cid, None, v, version=None), rules.NOTE_MAX),
        "on_the_spot": (lambda v: disposition.record_result(db, s["clerk"], cid, v, None, on_the_spot=True,
                                                             version=None), rules.RESULT_MAX),
    }


STEP_FIELDS = {"dispatch_note": "dispatch_note", "feedback": "note", "report_major": "note", "escalate": "note",
               "on_the_spot": "result_text"}


@pytest.mark.parametrize("step", list(STEP_FIELDS))
@pytest.mark.parametrize("bad", ["long", "control"])
def test_each_step_note_is_bounded_and_clean(db, station, step, bad):
    call, limit = _step_calls(db, station)[step]
    value = "已" * (limit + 1) if bad == "long" else "已电话\x00告知"
    before = (_form_row(db, station["complaint"].id), _history(db))
    _refused(lambda: call(value), STEP_FIELDS[step])
    assert (_form_row(db, station["complaint"].id), _history(db)) == before


def test_each_block_of_the_form_is_bounded(db, station):
    s, cid = station, station["complaint"].id
    view = disposition.dispatch(db, s["clerk"], cid, s["engineering"], version=None)
    rules = disposition_rules
    long_method = "修" * (rules.METHOD_MAX + 1)
    _refused(lambda: disposition.write_method(db, s["gongcheng"], cid, long_method, version=view.version),
             "method_text")
    _refused(lambda: disposition.write_method(db, s["gongcheng"], cid, "更换\x1b水管", version=view.version),
             "method_text")
    view = disposition.write_method(db, s["gongcheng"], cid, "更换水管", version=view.version)
    view = disposition.sign_method(db, s["gcjingli"], cid, version=view.version)
    _refused(lambda: disposition.record_result(db, s["gongcheng"], cid, "好" * (rules.RESULT_MAX + 1), None,
                                               version=view.version), "result_text")
    view = disposition.record_result(db, s["gongcheng"], cid, "已更换", None, version=view.version)
    _refused(lambda: disposition.record_verification(db, s["clerk"], cid, "满" * (rules.VERIFICATION_MAX + 1), "李四",
                                                     True, channel="visit", on_behalf=True, version=view.version), "verification_text")
    _refused(lambda: disposition.record_verification(db, s["clerk"], cid, "满意", "李" * (rules.VERIFIER_MAX + 1),
                                                     True, channel="visit", on_behalf=True, version=view.version), "verifier_name")
    _refused(lambda: disposition.record_verification(db, s["clerk"], cid, "满意", "李\n四", True,
                                                     channel="visit", on_behalf=True, version=view.version), "verifier_name")
    view = disposition.record_verification(db, s["clerk"], cid, "满意", "李四", True, channel="visit", on_behalf=True, version=view.version)
    _refused(lambda: disposition.supervisor_opinion(db, s["zichan"], cid, "同" * (rules.OPINION_MAX + 1),
                                                    version=view.version), "supervisor_opinion")
    assert disposition.get(db, s["clerk"], cid).version == view.version


@pytest.mark.parametrize("limit", [0, -5, 10**16, 366 * 24 * 60 + 1])
def test_a_handling_limit_out_of_bounds_is_refused(db, station, limit):
    _refused(lambda: disposition.dispatch(db, station["clerk"], station["complaint"].id, station["engineering"],
                                          version=None, limit_minutes=limit), "limit_minutes")


def test_a_department_that_does_not_exist_is_named(db, station):
    cid = station["complaint"].id
    _refused(lambda: disposition.dispatch(db, station["clerk"], cid, 9999, version=None), "department_id")
    _refused(lambda: disposition.escalate(db, station["clerk"], cid, 9999, "转上级", version=None), "department_id")


def test_a_pause_reason_is_bounded_and_clean(db, station, admin, make_form):
    from frontdesk.domain.settings import ClockSetting
    from frontdesk.services import settings

    site = settings.load(db)
    settings.save(db, admin, site.with_clock("feedback", ClockSetting(24 * 60, "calendar", True)))
    cid = complaints.register(db, station["clerk"], make_form()).id  # its clock starts under the new rule
    _refused(lambda: deadlines.pause(db, station["clerk"], cid, "feedback", "等" * (disposition_rules.NOTE_MAX + 1)),
             "reason")
    _refused(lambda: deadlines.pause(db, station["clerk"], cid, "feedback", "等待\x00客户"), "reason")
    deadlines.pause(db, station["clerk"], cid, "feedback", "等待客户确认时间")


# -- letters ---------------------------------------------------------------------------------------

@pytest.fixture
def depts(db, admin) -> dict[str, int]:
    return {o.name: o.id for o in reference.departments(db)}


def _letter(depts, **changes) -> LetterInput:  # noqa: ANN001
    values = dict(
        from_department_id=depts["服务站"], to_department_id=depts["工程部"], subject="3-2-1201 天花板渗水",
        body="业主反映楼上漏水", reply_due=NOW + timedelta(days=2), issuer_name="刘站长", copies="总经理",
        requirement="两日内书面回复",
    )
    values.update(changes)
    return LetterInput(**values)


@pytest.mark.parametrize(("field", "value"), [
    ("subject", "渗" * (letter_rules.SUBJECT_MAX + 1)),
    ("subject", "天花板\x00渗水"),
    ("body", "漏" * (letter_rules.BODY_MAX + 1)),
    ("body", "漏水\x07"),
    ("requirement", "回" * (letter_rules.REQUIREMENT_MAX + 1)),
    ("requirement", "回复\x1b"),
    ("copies", "总\n经理"),
    ("issuer_name", "刘\x00站长"),
    ("reply_due", datetime(9999, 12, 31, 17, 0)),
    ("reply_due", NOW + timedelta(days=400)),
    ("from_department_id", 9999),
    ("to_department_id", 9999),
    ("complaint_id", 9999),
])
def test_a_letter_with_a_bad_value_is_refused(db, clerk, depts, field, value):
    _refused(lambda: letters.create(db, clerk, _letter(depts, **{field: value})), field)
    assert _count(db, Letter) == 0


def test_a_reply_and_an_opinion_are_bounded_and_clean(db, admin, clerk, depts):
    auth.create_user(db, admin, "eng", "赵工程", "secret9", "handler", depts["工程部"])
    auth.create_user(db, admin, "boss", "吴主管", "secret9", "supervisor", depts["资产管理部"])
    eng, boss = auth.sign_in(db, "eng", "secret9"), auth.sign_in(db, "boss", "secret9")
    view = letters.create(db, clerk, _letter(depts))
    for text_value in ("复" * (letter_rules.REPLY_MAX + 1), "已处理\x00"):
        _refused(lambda v=text_value: letters.reply(db, eng, view.id, v, view.version), "reply_text")
    for text_value in ("阅" * (letter_rules.OPINION_MAX + 1), "同意\x7f"):
        _refused(lambda v=text_value: letters.leader_opinion(db, boss, view.id, v, view.version), "leader_opinion")
    assert letters.get(db, clerk, view.id).version == view.version


# -- printouts of what older databases may hold ------------------------------------------------------

def _smuggle(db, complaint_id: int, **values: str) -> None:  # noqa: ANN001
    """Write values past the services, as a database from before these checks may hold them."""
    sets = ", ".join(f"{name} = :{name}" for name in values)
    with db.write() as session:
        session.execute(text(f"UPDATE complaints SET {sets} WHERE id = :id"), {**values, "id": complaint_id})


def test_the_excel_export_replaces_characters_it_cannot_hold(db, clerk, make_form, tmp_path):
    from openpyxl import load_workbook

    from frontdesk.services import exports

    view = complaints.register(db, clerk, make_form())
    _smuggle(db, view.id, content="楼上\x00漏水\x1b[31m", complainant="李\x07四", demand="=HYPERLINK(\"x\")")
    out = tmp_path / "register.xlsx"
    assert exports.register_xlsx(db, clerk, [view.id], out, date_from=None, date_to=None) == 1
    values = [cell.value for cell in load_workbook(out).active[4]]
    assert "楼上\ufffd漏水\ufffd[31m" in values and "李\ufffd四" in values
    assert '=HYPERLINK("x")' in values  # text, not a formula


def test_printouts_replace_characters_they_cannot_show(db, clerk, make_form, tmp_path):
    import pypdfium2 as pdfium

    from frontdesk.services import exports

    view = complaints.register(db, clerk, make_form())
    _smuggle(db, view.id, content="楼上\x00漏水\x1b[31m", complainant="李\x07四")
    for name, print_it in (
        ("form.pdf", lambda out: disposition.print_form(db, clerk, view.id, out)),
        ("register.pdf", lambda out: exports.register_pdf(db, clerk, RegisterFilter(), out)),
    ):
        print_it(tmp_path / name)
        pdf = pdfium.PdfDocument(tmp_path / name)
        extracted = "".join(page.get_textpage().get_text_range() for page in pdf)
        pdf.close()
        assert "楼上\ufffd漏水\ufffd[31m" in extracted and "李\ufffd四" in extracted, name


# -- accounts --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("username", "display_name", "field"), [
    ("a\x00b", "张三", "username"),
    ("clerk\x1b", "张三", "username"),
    ("a" * 10_000, "张三", "username"),
    ("zhang", "张\x00三", "display_name"),
    ("zhang", "张" * 51, "display_name"),
])
def test_a_bad_username_or_name_is_refused(db, admin, username, display_name, field):
    before = _count(db, User)
    _refused(lambda: auth.create_user(db, admin, username, display_name, "secret3", "clerk"), field)
    assert _count(db, User) == before


def test_the_first_administrator_is_checked_the_same_way(db):
    _refused(lambda: auth.initialize(db, "property", "阳光花园", "adm\x00in", "管理员", "secret1"), "username")
    _refused(lambda: auth.initialize(db, "property", "阳光\x07花园", "admin", "管理员", "secret1"), "site_name")
    _refused(lambda: auth.initialize(db, "property", "花" * 51, "admin", "管理员", "secret1"), "site_name")
    assert not auth.is_initialized(db)


@pytest.mark.parametrize("username", ["ad\x00min", "admin\x1b", "a" * 10_000])
def test_signing_in_with_such_a_username_is_an_unknown_user(db, admin, username):
    with pytest.raises(SignInFailed, match="用户名或密码错误"):
        auth.sign_in(db, username, "secret1")
