"""Printouts and exports, with the role check, the masking and the log (SPEC §8, §9).

Every printout goes the same way: a service prepares a :class:`Printout` (checks the
role, decides whether phones are masked, reads the data), the file is built from that
plain data, and :func:`log` records who printed or exported what, when, and how many
pages or rows.  The window runs the three steps on the database worker, a file worker
and the database worker again; :func:`write` runs them in a row for the command line
and the tests.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO

from frontdesk.db.engine import Database
from frontdesk.domain.permissions import Perm, can
from frontdesk.domain.progress import NullProgress, Progress
from frontdesk.domain.settings import SiteSettings
from frontdesk.domain.types import Actor, Printout, RegisterFilter
from frontdesk.services import audit, register, settings
from frontdesk.services.access import current, require


def write(db: Database, actor: Actor, printout: Printout, out: Path | BinaryIO,
          progress: Progress | None = None) -> int:
    """Build ``printout`` into ``out`` and log it; returns the pages or rows written."""
    count = printout.build(out, progress or NullProgress())
    log(db, actor, printout, out, count)
    return count


def log(db: Database, actor: Actor, printout: Printout, out: Path | BinaryIO, count: int) -> None:
    """One history entry for a printout or export that was written (the database worker's job)."""
    name = Path(getattr(out, "name", "") or "").name
    details = {"file": name, printout.unit: count, **printout.details}
    with db.write() as session:
        actor = current(session, actor)
        audit.record(session, actor, "export", printout.table, printout.record_id, printout.kind, "",
                     json.dumps(details, ensure_ascii=False, default=str))


def _allowed(db: Database, actor: Actor, perm: Perm) -> tuple[Actor, SiteSettings]:
    """The trusted actor (refused without ``perm``) and the site settings, read in one go."""
    with db.read() as session:
        return require(session, actor, perm), settings.load_in(session)


def register_xlsx_printout(
    db: Database, actor: Actor, ids: Sequence[int], *, date_from: date | None, date_to: date | None,
) -> Printout:
    """The register rows ``ids`` (in that order) as an Excel workbook; rows are read while it is built."""
    from frontdesk.reports.register_xlsx import (
        export_register_xlsx,  # openpyxl: loaded when first used
    )

    actor, site = _allowed(db, actor, Perm.EXPORT)
    masked = not can(actor.role, Perm.PII_VIEW)
    wanted = list(ids)

    def build(out: Path | BinaryIO, progress: Progress) -> int:
        return export_register_xlsx(
            wanted, lambda chunk: register.rows(db, actor, chunk), out, site_name=site.site_name,
            date_from=date_from, date_to=date_to, profile=site.profile, mask_phones=masked,
            progress=progress, form_revision=site.form_revision,
        )

    return Printout("register_xlsx", "complaints", None, build,
                    {"masked": masked, "date_from": date_from, "date_to": date_to}, unit="rows")


def register_pdf_printout(db: Database, actor: Actor, flt: RegisterFilter, *, blank_rows: int = 0) -> Printout:
    """ZC-QR-027 for the filter, oldest first, as the paper register runs (or ``blank_rows`` empty lines)."""
    from frontdesk.reports.register_pdf import (
        build_register_pdf,  # reportlab: loaded when first used
    )

    actor, site = _allowed(db, actor, Perm.REGISTER_PRINT)
    masked = not can(actor.role, Perm.PII_VIEW)
    rows = register.rows_between(db, actor, flt) if not blank_rows else []

    def build(out: Path | BinaryIO, progress: Progress) -> int:
        return build_register_pdf(
            rows, out, site_name=site.site_name, date_from=flt.date_from, date_to=flt.date_to,
            form_revision=site.form_revision, printed_by=actor.display_name, profile=site.profile,
            mask_phones=masked, progress=progress, blank_rows=blank_rows,
        )

    return Printout("register_pdf", "complaints", None, build,
                    {"rows": len(rows), "masked": masked, "date_from": flt.date_from, "date_to": flt.date_to})


def complaint_pdf_printout(db: Database, actor: Actor, complaint_id: int) -> Printout:
    """One complaint as a row of ZC-QR-027 (the paper register's page for it)."""
    from frontdesk.reports.register_pdf import (
        build_register_pdf,  # reportlab: loaded when first used
    )

    actor, site = _allowed(db, actor, Perm.REGISTER_PRINT)
    masked = not can(actor.role, Perm.PII_VIEW)
    rows = register.rows(db, actor, [complaint_id])
    day = rows[0].received_at.date() if rows else None

    def build(out: Path | BinaryIO, progress: Progress) -> int:
        return build_register_pdf(
            rows, out, site_name=site.site_name, date_from=day, date_to=day,
            form_revision=site.form_revision, printed_by=actor.display_name, profile=site.profile,
            mask_phones=masked, progress=progress,
        )

    return Printout("register_pdf", "complaints", complaint_id, build,
                    {"rows": len(rows), "masked": masked, "number": rows[0].number if rows else ""})


def register_xlsx(
    db: Database, actor: Actor, ids: Sequence[int], out: Path, *, date_from: date | None,
    date_to: date | None, progress: Progress | None = None,
) -> int:
    """Export and log in one go (command line, tests); returns the rows written."""
    printout = register_xlsx_printout(db, actor, ids, date_from=date_from, date_to=date_to)
    return write(db, actor, printout, out, progress)


def register_pdf(
    db: Database, actor: Actor, flt: RegisterFilter, out: Path, *, progress: Progress | None = None,
    blank_rows: int = 0,
) -> int:
    """Print and log in one go (command line, tests); returns the page count."""
    return write(db, actor, register_pdf_printout(db, actor, flt, blank_rows=blank_rows), out, progress)
