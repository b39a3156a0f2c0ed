"""Alembic migrations; run automatically at start by :func:`frontdesk.db.migrate.upgrade`."""
