"""The register list: filters, search, sort orders, rows in the order of their ids."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from frontdesk.domain.errors import PermissionDenied
from frontdesk.domain.types import Actor, RegisterFilter
from frontdesk.services import complaints, reference, register


@pytest.fixture
def sample(db, clerk, make_form):
    """Six complaints whose fields differ in known ways; returns name -> view."""
    categories = {c.name: c.id for c in reference.categories(db)}
    departments = {d.name: d.id for d in reference.departments(db)}
    specs = {
        "leak": dict(received_at=datetime(2026, 11, 10, 23, 59, 59), complainant="李四", phone="13812345678",
                     content="楼上漏水,天花板渗水", location_text="3-2-1201", category_id=categories["供水"],
                     department_id=departments["工程部"]),
        "noise": dict(received_at=datetime(2026, 11, 11, 0, 0, 0), complainant="王小明", phone="13900001111",
                      content="楼上装修噪音很大", location_text="5-1-802", category_id=categories["噪音扰民"],
                      department_id=departments["秩序部"], grade="major", major_criteria="B"),
        "fee": dict(received_at=datetime(2026, 11, 12, 9, 0), complainant="赵六", phone="0755-88886666",
                    content="物业费多收了一个月", location_text="12-3-502", category_id=categories["收费"],
                    department_id=departments["财务部"], validity="invalid", validity_note="已核实无误并解释"),
        "lamp": dict(received_at=datetime(2026, 10, 31, 18, 0), complainant="钱七", phone="13700009999",
                     content="楼道灯坏了,晚上看不见", location_text="1-1-101", category_id=categories["供电"]),
        "water": dict(received_at=datetime(2026, 12, 1, 8, 0), complainant="孙八", phone="18600005678",
                      content="停水没有通知", location_text="3-2-1202", category_id=categories["供水"],
                      department_id=departments["工程部"]),
        "rude": dict(received_at=datetime(2026, 11, 20, 10, 0), complainant="李四", phone="13812345678",
                     content="保安态度恶劣", location_text="3-2-1201", category_id=categories["服务态度"],
                     validity="unreasonable", validity_note="要求开除保安,已解释"),
    }
    return {name: complaints.register(db, clerk, make_form(**values)) for name, values in specs.items()}


def _names(sample, found: list[int]) -> list[str]:  # noqa: ANN001
    by_id = {v.id: k for k, v in sample.items()}
    return [by_id[i] for i in found]


def _ids(db, actor, **filters) -> list[int]:  # noqa: ANN001
    return register.ids(db, actor, RegisterFilter(**filters))


def test_no_filter_lists_everything_newest_first(db, clerk, sample):
    assert _names(sample, _ids(db, clerk)) == ["water", "rude", "fee", "noise", "leak", "lamp"]
    assert register.count(db, clerk, RegisterFilter()) == 6


def test_date_range_includes_the_whole_end_day(db, clerk, sample):
    assert _names(sample, _ids(db, clerk, date_to=date(2026, 11, 10))) == ["leak", "lamp"]
    assert _names(sample, _ids(db, clerk, date_from=date(2026, 11, 11))) == ["water", "rude", "fee", "noise"]
    november = _ids(db, clerk, date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))
    assert _names(sample, november) == ["rude", "fee", "noise", "leak"]
    one_day = RegisterFilter(date_from=date(2026, 11, 11), date_to=date(2026, 11, 11))
    assert _names(sample, register.ids(db, clerk, one_day)) == ["noise"]
    assert register.count(db, clerk, one_day) == 1


def test_filter_by_category_grade_status_department_validity(db, clerk, sample):
    water_category = sample["leak"].category_id
    assert _names(sample, _ids(db, clerk, category_id=water_category)) == ["water", "leak"]
    assert _names(sample, _ids(db, clerk, grade="major")) == ["noise"]
    assert _names(sample, _ids(db, clerk, status="closed")) == ["rude", "fee"]
    assert _names(sample, _ids(db, clerk, department_id=sample["leak"].department_id)) == ["water", "leak"]
    assert _names(sample, _ids(db, clerk, validity="invalid")) == ["fee"]
    assert _names(sample, _ids(db, clerk, validity="unreasonable")) == ["rude"]
    both = RegisterFilter(category_id=water_category, date_to=date(2026, 11, 30))
    assert _names(sample, register.ids(db, clerk, both)) == ["leak"]
    assert register.count(db, clerk, both) == 1


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("TS-202611-0002", ["noise"]),  # number
        ("202612", ["water"]),  # part of the number
        ("王小明", ["noise"]),  # complainant, three characters (full-text index)
        ("李四", ["rude", "leak"]),  # complainant, two characters (LIKE)
        ("钱", ["lamp"]),  # one character
        ("5678", ["water", "rude", "leak"]),  # phone fragment
        ("8888", ["fee"]),
        ("1201", ["rude", "leak"]),  # location
        ("12-3", ["fee"]),
        ("漏水", ["leak"]),  # content, short
        ("天花板渗水", ["leak"]),  # content, three characters and more
        ("楼上", ["noise", "leak"]),
        ("  楼上装修 ", ["noise"]),  # surrounding spaces are ignored
        ("煤气", []),
        ("100%", []),  # wildcards are literal
        ("_", []),
    ],
)
def test_search(db, clerk, sample, fragment, expected):
    assert _names(sample, _ids(db, clerk, text=fragment)) == expected
    assert register.count(db, clerk, RegisterFilter(text=fragment)) == len(expected)


def test_search_combines_with_filters(db, clerk, sample):
    assert _names(sample, _ids(db, clerk, text="李四", status="closed")) == ["rude"]
    assert _names(sample, _ids(db, clerk, text="5678", date_to=date(2026, 11, 30))) == ["rude", "leak"]


def test_search_follows_edits(db, clerk, sample):
    view = sample["lamp"]
    form = complaints.as_input(view)
    complaints.update(db, clerk, view.id, form.__class__(**{**form.__dict__, "content": "电梯困人"}), view.version)
    assert _names(sample, _ids(db, clerk, text="楼道灯")) == []
    assert _names(sample, _ids(db, clerk, text="电梯困人")) == ["lamp"]


def test_sort_orders(db, clerk, sample):
    everything = RegisterFilter()
    oldest_first = register.ids(db, clerk, everything, descending=False)
    assert _names(sample, oldest_first) == ["lamp", "leak", "noise", "fee", "rude", "water"]
    by_number = register.ids(db, clerk, everything, sort="number", descending=False)
    numbers = [complaints.get(db, clerk, i).number for i in by_number]
    assert numbers == sorted(numbers)
    by_phone = register.ids(db, clerk, everything, sort="phone", descending=True)
    phones = [complaints.get(db, clerk, i).phone for i in by_phone]
    assert phones == sorted(phones, reverse=True)
    # ties keep a stable order by id
    by_complainant = register.ids(db, clerk, everything, sort="complainant")
    assert _names(sample, by_complainant).index("rude") < _names(sample, by_complainant).index("leak")
    # an unknown sort key falls back to the time received
    assert register.ids(db, clerk, everything, sort="nonsense") == register.ids(db, clerk, everything)


def test_every_offered_sort_key_works(db, clerk, sample):
    for key in register.SORT_COLUMNS:
        for descending in (True, False):
            assert sorted(register.ids(db, clerk, RegisterFilter(), sort=key, descending=descending)) == sorted(
                v.id for v in sample.values())


def test_rows_keep_the_order_of_the_ids(db, clerk, sample):
    wanted = [sample[n].id for n in ("fee", "lamp", "water", "leak")]
    rows = register.rows(db, clerk, wanted + [987654])  # an unknown id is skipped
    assert [r.id for r in rows] == wanted
    fee = rows[0]
    assert (fee.number, fee.complainant, fee.category_name, fee.department_name, fee.validity) == (
        sample["fee"].number, "赵六", "收费", "财务部", "invalid")
    assert fee.receiver_name == "王前台"
    assert rows[1].department_name == ""  # no department
    assert register.rows(db, clerk, []) == []


def test_rows_in_pages_larger_than_one_query(db, clerk, make_form):
    made = [complaints.register(db, clerk, make_form(complainant=f"客户{i}")).id for i in range(520)]
    wanted = list(reversed(made))
    assert [r.id for r in register.rows(db, clerk, wanted)] == wanted


def test_rows_between_runs_oldest_first(db, clerk, sample):
    november = RegisterFilter(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))
    assert [r.complainant for r in register.rows_between(db, clerk, november)] == ["李四", "王小明", "赵六", "李四"]


def test_register_needs_a_role_that_may_view(db, sample):
    stranger = Actor(999, "ghost", "无名", "nobody")
    with pytest.raises(PermissionDenied):
        register.ids(db, stranger, RegisterFilter())
    with pytest.raises(PermissionDenied):
        register.count(db, stranger, RegisterFilter())
    with pytest.raises(PermissionDenied):
        register.rows(db, stranger, [sample["leak"].id])
