"""``frontdesk screenshot`` renders every main screen and dialog from demo data."""

from __future__ import annotations

from PySide6.QtGui import QImage

from frontdesk.demo import generator as demo
from frontdesk.ui.shell.screenshots import render_all


def test_every_screen_renders_to_a_png(db, qapp, tmp_path):
    demo.fill(db, months=1, seed=3)
    written = render_all(db, tmp_path / "shots")
    names = {p.name for p in written}
    for expected in (
        "01_setup_wizard.png", "02_sign_in.png", "03_main_register.png", "04_complaint_new.png",
        "05_complaint_errors.png", "06_complaint_edit_history.png", "07_register.pdf", "08_print_preview.png",
    ):
        assert expected in names
    for path in written:
        assert path.stat().st_size > 1000
        if path.suffix == ".png":
            image = QImage(str(path))
            assert image.width() > 300 and image.height() > 150  # the sign-in dialog is the smallest


def test_rendering_writes_nothing_to_the_history(db, qapp, tmp_path):
    """The printouts it renders are not prints anybody made: no export entry signed by a real user."""
    from sqlalchemy import text

    demo.fill(db, months=1, seed=3)

    def history() -> tuple[list, list]:
        with db.read() as session:
            return (session.execute(text("SELECT id, username, action FROM history ORDER BY id")).all(),
                    session.execute(text("SELECT * FROM history_head")).all())

    before = history()
    written = render_all(db, tmp_path / "shots")
    assert {"07_register.pdf", "10_disposition.pdf", "11_disposition_blank.pdf", "17_letter_blank.pdf"} <= {
        p.name for p in written}
    assert history() == before
