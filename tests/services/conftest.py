"""Fixtures shared by the service tests."""

from __future__ import annotations

import pytest

from frontdesk.domain.types import Actor
from frontdesk.services import auth, reference


class People:
    """Everyone who signs a block, plus the departments they belong to."""

    def __init__(self, db, admin, clerk) -> None:  # noqa: ANN001
        departments = {d.name: d.id for d in reference.departments(db)}
        self.engineering = departments["工程部"]
        self.cleaning = departments["保洁部"]
        self.admin, self.clerk = admin, clerk
        self.handler = self._make(db, "gongcheng", "赵工程", "handler", self.engineering)
        self.head = self._make(db, "gcjingli", "钱经理", "handler", self.engineering, is_head=True)
        self.cleaner = self._make(db, "baojie", "孙保洁", "handler", self.cleaning)
        self.cleaning_head = self._make(db, "bjjingli", "周主管", "handler", self.cleaning, is_head=True)
        self.manager = self._make(db, "pianqu", "吴片区", "area_manager", None)
        self.supervisor = self._make(db, "zichan", "郑负责人", "supervisor", None)

    def _make(self, db, username, name, role, department_id, is_head=False) -> Actor:  # noqa: ANN001
        user_id = auth.create_user(db, self.admin, username, name, "secret9", role, department_id, is_head)
        return Actor(user_id, username, name, role, department_id, is_head)


@pytest.fixture
def people(db, admin, clerk, monkeypatch) -> People:
    # nobody signs in here: skip the deliberately slow password hashing
    monkeypatch.setattr(auth, "hash_password", lambda password: "not-a-hash")
    return People(db, admin, clerk)
