"""Customer archive: find by a few characters, create with a unit or a vehicle, roles."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from frontdesk.domain.errors import PermissionDenied, ValidationFailed
from frontdesk.domain.types import Actor, CustomerInput
from frontdesk.services import audit, auth, customers


@pytest.fixture
def archive(db, clerk):
    made = {
        "zhang": customers.create(db, clerk, CustomerInput(
            name="张三丰", phone="13900001111", building="3", unit="2", room="1201")),
        "li": customers.create(db, clerk, CustomerInput(
            name="李四", phone="13700002222", other_phones="0755-88886666", building="12", unit="1", room="502")),
        "wang": customers.create(db, clerk, CustomerInput(
            name="王五", phone="18600003333", plate="粤b12345", vin="lvgbe40k8gp123456", model="凯美瑞")),
    }
    return made


def _names(matches) -> list[str]:  # noqa: ANN001
    return sorted(m.name for m in matches)


def test_create_with_a_unit(db, clerk, archive):
    zhang = archive["zhang"]
    assert zhang.location_label == "3-2-1201"
    assert zhang.location_id is not None
    with db.read() as session:
        row = session.execute(text(
            "SELECT kind, building, unit, room FROM locations WHERE id = :i"), {"i": zhang.location_id}).one()
    assert tuple(row) == ("unit", "3", "2", "1201")


def test_create_with_a_vehicle(db, clerk, archive):
    wang = archive["wang"]
    assert wang.location_label == "粤B12345 凯美瑞"
    with db.read() as session:
        row = session.execute(text(
            "SELECT kind, plate, vin, model FROM locations WHERE id = :i"), {"i": wang.location_id}).one()
    assert tuple(row) == ("vehicle", "粤B12345", "LVGBE40K8GP123456", "凯美瑞")


def test_create_without_location(db, clerk):
    match = customers.create(db, clerk, CustomerInput(name="赵六", phone="13500004444"))
    assert match.location_id is None and match.location_label == ""
    assert _names(customers.search(db, clerk, "赵六")) == ["赵六"]


def test_create_writes_history(db, clerk, archive):
    with db.read() as session:
        items = audit.history_in(session, "customers", archive["li"].customer_id, masked=False)
    assert [(i.field, i.new_value) for i in items] == [("name", "李四"), ("phone", "13700002222")]
    assert audit.verify_chain(db).ok


def test_search_by_name_fragment(db, clerk, archive):
    assert _names(customers.search(db, clerk, "三丰")) == ["张三丰"]
    assert _names(customers.search(db, clerk, "张")) == ["张三丰"]


def test_search_by_phone_fragment(db, clerk, archive):
    assert _names(customers.search(db, clerk, "2222")) == ["李四"]
    assert _names(customers.search(db, clerk, "8888")) == ["李四"]  # other phones too
    assert _names(customers.search(db, clerk, "1390000")) == ["张三丰"]


def test_search_by_room(db, clerk, archive):
    matches = customers.search(db, clerk, "1201")
    assert [(m.name, m.location_label) for m in matches] == [("张三丰", "3-2-1201")]
    assert _names(customers.search(db, clerk, "12-1-")) == ["李四"]


def test_search_by_plate_in_any_case(db, clerk, archive):
    assert _names(customers.search(db, clerk, "B123")) == ["王五"]
    assert _names(customers.search(db, clerk, "b123")) == ["王五"]
    assert _names(customers.search(db, clerk, "gp1234")) == ["王五"]  # VIN


def test_search_blank_and_wildcards(db, clerk, archive):
    assert customers.search(db, clerk, "   ") == []
    assert customers.search(db, clerk, "%") == []
    assert customers.search(db, clerk, "_") == []


def test_search_limit(db, clerk):
    for i in range(20):
        customers.create(db, clerk, CustomerInput(name=f"陈{i:02d}", phone=f"1350000{i:04d}"))
    assert len(customers.search(db, clerk, "陈")) == customers.SUGGESTIONS
    assert len(customers.search(db, clerk, "陈", limit=5)) == 5


def test_create_validates(db, clerk):
    with pytest.raises(ValidationFailed) as info:
        customers.create(db, clerk, CustomerInput(name=" ", phone=""))
    assert set(info.value.fields) == {"customer_name", "customer_phone"}
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM customers")).scalar() == 0


@pytest.mark.parametrize("role", ["auditor", "handler", "supervisor"])
def test_read_only_roles_cannot_create(db, admin, role):
    auth.create_user(db, admin, role, "某人", "secret9", role, department_id=1 if role == "handler" else None)
    actor = auth.sign_in(db, role, "secret9")
    with pytest.raises(PermissionDenied):
        customers.create(db, actor, CustomerInput(name="钱七", phone="13600005555", building="1", room="101"))
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM customers")).scalar() == 0
        assert session.execute(text("SELECT count(*) FROM locations")).scalar() == 0
    assert customers.search(db, actor, "钱七") == []  # they may still look


def test_search_needs_a_role_that_may_view(db, archive):
    stranger = Actor(999, "ghost", "无名", "nobody")
    with pytest.raises(PermissionDenied):
        customers.search(db, stranger, "张")


def test_the_trigram_index_follows_new_and_changed_customers_and_locations(db, clerk, archive):
    from frontdesk.db.models import Customer, Location

    assert _names(customers.search(db, clerk, "0755-8888")) == ["李四"]  # other phones
    assert _names(customers.search(db, clerk, "LVGBE40K")) == ["王五"]  # VIN, any case
    with db.write() as session:
        session.get(Customer, archive["li"].customer_id).phone = "13511112222"
        session.get(Location, archive["zhang"].location_id).room = "1808"
        session.get(Location, archive["zhang"].location_id).label = "3-2-1808"
    assert _names(customers.search(db, clerk, "1111222")) == ["李四"]
    assert customers.search(db, clerk, "700002222") == []
    assert [m.location_label for m in customers.search(db, clerk, "2-1808")] == ["3-2-1808"]
    assert customers.search(db, clerk, "2-1201") == []
    with db.read() as session:
        indexed = session.execute(text("SELECT count(*) FROM customer_search")).scalar()
    assert indexed == 3


def test_a_customer_with_two_units_is_suggested_with_the_unit_that_matched(db, clerk, archive):
    from frontdesk.db.models import Location

    with db.write() as session:
        session.add(Location(customer_id=archive["zhang"].customer_id, kind="unit", building="7", unit="1",
                             room="301", label="7-1-301"))
    assert [m.location_label for m in customers.search(db, clerk, "7-1-301")] == ["7-1-301"]
    assert sorted(m.location_label for m in customers.search(db, clerk, "张三丰")) == ["3-2-1201", "7-1-301"]
