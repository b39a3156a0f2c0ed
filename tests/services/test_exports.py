"""Exports and printouts: role check, masking by role, and the log entry (SPEC §8)."""

from __future__ import annotations

import json

import openpyxl
import pytest

from frontdesk.domain.errors import PermissionDenied
from frontdesk.domain.types import RegisterFilter
from frontdesk.services import audit, auth, complaints, exports, register


def _export_entries(db):
    with db.read() as session:
        from sqlalchemy import select

        from frontdesk.db.models import HistoryEntry

        query = select(HistoryEntry.username, HistoryEntry.field, HistoryEntry.new_value).where(
            HistoryEntry.action == "export"
        )
        return session.execute(query).all()


def test_excel_export_is_logged_with_row_count(db, clerk, make_form, tmp_path):
    for _ in range(3):
        complaints.register(db, clerk, make_form())
    ids = register.ids(db, clerk, RegisterFilter())
    out = tmp_path / "r.xlsx"
    assert exports.register_xlsx(db, clerk, ids, out, date_from=None, date_to=None) == 3
    entry = _export_entries(db)[-1]
    assert entry.username == "clerk" and entry.field == "register_xlsx"
    details = json.loads(entry.new_value)
    assert details["rows"] == 3 and details["file"] == "r.xlsx" and details["masked"] is False
    assert audit.verify_chain(db).ok


def test_phones_masked_for_a_role_without_personal_data(db, admin, clerk, make_form, tmp_path):
    complaints.register(db, clerk, make_form(phone="13812345678"))
    auth.create_user(db, admin, "audit", "审计", "secret3", "auditor")
    auditor = auth.sign_in(db, "audit", "secret3")
    ids = register.ids(db, auditor, RegisterFilter())
    assert register.rows(db, auditor, ids)[0].phone == "138****5678"
    assert register.rows(db, clerk, ids)[0].phone == "13812345678"
    out = tmp_path / "a.xlsx"
    exports.register_xlsx(db, auditor, ids, out, date_from=None, date_to=None)
    cells = [c for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True) for c in row]
    assert "138****5678" in cells and "13812345678" not in cells
    assert json.loads(_export_entries(db)[-1].new_value)["masked"] is True


def test_pdf_printout_is_logged_and_refused_without_permission(db, admin, clerk, make_form, tmp_path):
    complaints.register(db, clerk, make_form())
    pages = exports.register_pdf(db, clerk, RegisterFilter(), tmp_path / "r.pdf")
    assert pages == 1 and (tmp_path / "r.pdf").stat().st_size > 0
    assert _export_entries(db)[-1].field == "register_pdf"
    auth.create_user(db, admin, "h", "处理人", "secret4", "handler", department_id=1)
    handler = auth.sign_in(db, "h", "secret4")
    before = len(_export_entries(db))
    with pytest.raises(PermissionDenied):
        exports.register_pdf(db, handler, RegisterFilter(), tmp_path / "h.pdf")
    with pytest.raises(PermissionDenied):
        exports.register_xlsx(db, handler, [1], tmp_path / "h.xlsx", date_from=None, date_to=None)
    assert not (tmp_path / "h.pdf").exists() and not (tmp_path / "h.xlsx").exists()
    assert len(_export_entries(db)) == before
