"""Exports and printouts of the register, with the role check, the masking and the log.

Whether phones are masked is decided here from the user's role (SPEC §8), and every
export or printout leaves an entry in the history: who, when, what, how many rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from frontdesk.db.engine import Database
from frontdesk.domain.permissions import Perm, can
from frontdesk.domain.progress import NullProgress, Progress
from frontdesk.domain.types import Actor, RegisterFilter
from frontdesk.services import audit, register, settings
from frontdesk.services.auth import require


def _log(db: Database, actor: Actor, what: str, out: Path, **details: object) -> None:
    with db.write() as session:
        audit.record(
            session, actor, "export", "complaints", None, what, "",
            json.dumps({"file": out.name, **details}, ensure_ascii=False, default=str),
        )


def register_xlsx(
    db: Database, actor: Actor, ids: Sequence[int], out: Path, *, date_from: date | None,
    date_to: date | None, progress: Progress | None = None,
) -> int:
    """The register rows ``ids`` (in that order) to an Excel workbook; returns the rows written."""
    require(actor, Perm.EXPORT)
    from frontdesk.reports.register_xlsx import (
        export_register_xlsx,  # openpyxl: loaded when first used
    )

    values = settings.all_settings(db)
    masked = not can(actor.role, Perm.PII_VIEW)
    count = export_register_xlsx(
        ids, lambda chunk: register.rows(db, actor, chunk), out, site_name=values["site_name"],
        date_from=date_from, date_to=date_to, profile=values["profile"], mask_phones=masked,
        progress=progress or NullProgress(), form_revision=values["form_revision"],
    )
    _log(db, actor, "register_xlsx", out, rows=count, masked=masked, date_from=date_from, date_to=date_to)
    return count


def register_pdf(
    db: Database, actor: Actor, flt: RegisterFilter, out: Path, *, progress: Progress | None = None,
    blank_rows: int = 0,
) -> int:
    """ZC-QR-027 for the filter, oldest first, as the paper register runs; returns the page count."""
    require(actor, Perm.REGISTER_PRINT)
    from frontdesk.reports.register_pdf import (
        build_register_pdf,  # reportlab: loaded when first used
    )

    values = settings.all_settings(db)
    masked = not can(actor.role, Perm.PII_VIEW)
    rows = register.rows_between(db, actor, flt) if not blank_rows else []
    pages = build_register_pdf(
        rows, out, site_name=values["site_name"], date_from=flt.date_from, date_to=flt.date_to,
        form_revision=values["form_revision"], printed_by=actor.display_name, profile=values["profile"],
        mask_phones=masked, progress=progress or NullProgress(), blank_rows=blank_rows,
    )
    _log(db, actor, "register_pdf", out, rows=len(rows), pages=pages, masked=masked,
         date_from=flt.date_from, date_to=flt.date_to)
    return pages
