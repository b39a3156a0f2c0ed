"""Editable lists the forms choose from: categories and departments."""

from __future__ import annotations

from sqlalchemy import select

from frontdesk.db.engine import Database
from frontdesk.db.models import Category, Department, User
from frontdesk.domain.types import Option


def categories(db: Database, include_inactive: bool = False) -> list[Option]:
    with db.read() as session:
        query = select(Category.id, Category.name).order_by(Category.sort_order, Category.id)
        if not include_inactive:
            query = query.where(Category.active.is_(True))
        return [Option(i, n) for i, n in session.execute(query)]


def departments(db: Database, include_inactive: bool = False) -> list[Option]:
    with db.read() as session:
        query = select(Department.id, Department.name).order_by(Department.sort_order, Department.id)
        if not include_inactive:
            query = query.where(Department.active.is_(True))
        return [Option(i, n) for i, n in session.execute(query)]


def users(db: Database) -> list[Option]:
    with db.read() as session:
        query = select(User.id, User.display_name).order_by(User.id)
        return [Option(i, n) for i, n in session.execute(query)]
