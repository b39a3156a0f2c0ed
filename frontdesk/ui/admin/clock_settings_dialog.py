"""时限与节假日: the administrator's settings of every clock of SPEC §2.4.

Tab 时限规则: per clock its limit (number and unit), calendar or working time and
whether it may be paused; the working hours and the warning fraction.  These are
saved together on 确定, all or nothing: the dialog changes the :class:`SiteSettings`
it loaded and hands the whole of it to one ``settings.save``, which refuses it as a
whole when any value is wrong (each message shown beside its row).  Tab 节假日: a year's
days off and make-up working days (调休), the built-in ones and the administrator's
corrections (extra days off, changed days; each addition or removal is saved at once);
for a year the built-in calendar does not know, the whole schedule is entered in one
dialog and the year confirmed, until which working-time deadlines across it say so.
Everything is read and written on the task runner; the service refuses anyone but
the administrator.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

from PySide6.QtCore import QDate, QSize, Qt, QTime, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import wallclock
from frontdesk.domain.errors import ValidationFailed
from frontdesk.domain.permissions import Perm
from frontdesk.domain.settings import WHOLE_DAY_END, WHOLE_DAY_START, ClockSetting, SiteSettings
from frontdesk.domain.sla import RULES, UNIT_MINUTES, ClockRule, Mode, Unit
from frontdesk.domain.workcal import WorkCalendar, builtin_days
from frontdesk.i18n import N_, Labels, _
from frontdesk.services import deadlines, settings
from frontdesk.ui.admin.year_schedule_dialog import YearScheduleDialog
from frontdesk.ui.common import style
from frontdesk.ui.common.base import AppContext, Dialog
from frontdesk.ui.common.tasks import error_text

#: Units of a limit: (label, unit).  In working time a day is one office day, an hour a working hour.
UNITS = [(N_("分钟"), Unit.MINUTES), (N_("小时"), Unit.HOURS), (N_("天"), Unit.DAYS)]
MODE_LABELS = Labels({Mode.CALENDAR: N_("自然时间"), Mode.WORKING: N_("工作时间")})
WEEKDAYS = [N_("星期一"), N_("星期二"), N_("星期三"), N_("星期四"), N_("星期五"), N_("星期六"), N_("星期日")]
HOLIDAY_KINDS = [(N_("放假"), False), (N_("调休上班"), True)]
#: Clocks whose mode and pause setting do not apply: a letter runs to its own 回复期限.
FIXED_MODE_CLOCKS = {"letter_reply"}

NAME_COLUMN, WHO_COLUMN, LIMIT_COLUMN, MODE_COLUMN, PAUSE_COLUMN = range(5)
DAY_COLUMN, WEEKDAY_COLUMN, KIND_COLUMN, HOLIDAY_NAME_COLUMN, SOURCE_COLUMN = range(5)


def split_limit(minutes: int, unit: str = "") -> tuple[int, Unit]:
    """The number and the unit a limit is shown in: its own unit when it has one and the limit
    is whole in it, else the largest that divides it (1440 → (1, days))."""
    if unit in set(Unit) and minutes % UNIT_MINUTES[Unit(unit)] == 0:
        return minutes // UNIT_MINUTES[Unit(unit)], Unit(unit)
    for _label, size in reversed(UNITS):
        if minutes >= UNIT_MINUTES[size] and minutes % UNIT_MINUTES[size] == 0:
            return minutes // UNIT_MINUTES[size], size
    return max(1, minutes), Unit.MINUTES


class RuleRow:
    """The editors of one clock in the table."""

    def __init__(self, rule: ClockRule, editable: bool) -> None:
        self.rule = rule
        self.limit_spin = QSpinBox()
        self.limit_spin.setObjectName(f"limit_spin_{rule.key}")
        self.limit_spin.setRange(1, 99999)
        self.limit_spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName(f"unit_combo_{rule.key}")
        for label, unit in UNITS:
            self.unit_combo.addItem(_(label), str(unit))
        self.limit_box = QWidget()
        box = QHBoxLayout(self.limit_box)
        box.setContentsMargins(4, 1, 4, 1)
        box.setSpacing(4)
        box.addWidget(self.limit_spin, 1)
        box.addWidget(self.unit_combo)
        self.mode_combo = QComboBox()
        self.mode_combo.setObjectName(f"mode_combo_{rule.key}")
        for mode, label in MODE_LABELS.items():
            self.mode_combo.addItem(label, str(mode))
        self.pause_check = QCheckBox()
        self.pause_check.setObjectName(f"pause_check_{rule.key}")
        self.pause_box = QWidget()
        pause_layout = QHBoxLayout(self.pause_box)
        pause_layout.setContentsMargins(0, 0, 0, 0)
        pause_layout.addWidget(self.pause_check, 0, Qt.AlignmentFlag.AlignCenter)
        for widget in (self.limit_spin, self.unit_combo, self.mode_combo, self.pause_check):
            widget.setEnabled(editable)
        if rule.key in FIXED_MODE_CLOCKS:
            self.mode_combo.setEnabled(False)
            self.pause_check.setEnabled(False)
            hint = _("联系函按每封联系函自己的回复期限、以自然时间计算,不能暂停")
            self.mode_combo.setToolTip(hint)
            self.pause_box.setToolTip(hint)

    def show(self, value: ClockSetting) -> None:
        number, unit = split_limit(max(1, round(value.limit_minutes)), value.unit)
        self.unit_combo.setCurrentIndex(self.unit_combo.findData(str(unit)))
        self.limit_spin.setValue(number)
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(value.mode)))
        self.pause_check.setChecked(value.pausable)

    def value(self) -> ClockSetting:
        unit = Unit(self.unit_combo.currentData())
        return ClockSetting(self.limit_spin.value() * UNIT_MINUTES[unit], str(self.mode_combo.currentData()),
                            self.pause_check.isChecked(), str(unit))

    def set_error(self, message: str) -> None:
        self.limit_spin.setStyleSheet(f"QSpinBox {{ border: 1px solid {style.ERROR}; }}" if message else "")
        self.limit_box.setToolTip(message)


class ClockSettingsDialog(Dialog):
    """Limits, calendar or working time, pauses, working hours, warning fraction and holidays."""

    loaded = Signal()  # the settings (and the year's holidays) are on screen
    saved = Signal()  # 确定 saved everything
    holidays_changed = Signal()  # a holiday was added or removed (and the list re-read)
    calendar_changed = Signal()  # a year was confirmed, or its confirmation taken back

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.ctx = ctx
        self.editable = ctx.can(Perm.ADMIN)
        self.original: SiteSettings | None = None
        self.rows: dict[str, RuleRow] = {}
        self.shown: dict[str, ClockSetting] = {}  # each clock as its row read when loaded
        self.holiday_days: list[tuple[date, bool, str, bool]] = []  # (day, is a working day, name, built in)
        self._confirmed: set[int] | None = None  # confirmed years changed in this dialog
        self._saving = False
        super().__init__(_("时限与节假日设置"), "clock_settings_dialog", parent, default_size=QSize(860, 600))
        self._connect()
        self.ctx.runner.run_db(settings.load, ctx.db, on_done=self._show_settings, parent=self)
        self.load_holidays()

    # --- building ------------------------------------------------------------------------------

    def setup_ui(self, layout: QVBoxLayout) -> None:
        self.refusal_label = QLabel(_("只有管理员可以修改时限和节假日设置;您现在只能查看。"))
        self.refusal_label.setObjectName("refusal_label")
        style.as_note(self.refusal_label)
        self.refusal_label.setVisible(not self.editable)
        layout.addWidget(self.refusal_label)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(self._build_rules_tab(), _("时限规则"))
        self.tabs.addTab(self._build_holidays_tab(), _("节假日"))
        layout.addWidget(self.tabs, 1)
        self.error_label = QLabel()
        self.error_label.setObjectName("error_label")
        style.as_error(self.error_label)
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)

    def _build_rules_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.clocks_table = QTableWidget(len(RULES), 5)
        self.clocks_table.setObjectName("clocks_table")
        self.clocks_table.setHorizontalHeaderLabels(
            [_("时限名称"), _("负责"), _("时限"), _("计时方式"), _("允许暂停")])
        self.clocks_table.verticalHeader().setVisible(False)
        self.clocks_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.clocks_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.clocks_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row_height = max(self.fontMetrics().height() + 14, QSpinBox().sizeHint().height() + 4)
        self.clocks_table.verticalHeader().setDefaultSectionSize(row_height)
        for row, rule in enumerate(RULES.values()):
            editors = RuleRow(rule, self.editable)
            self.rows[rule.key] = editors
            name = QTableWidgetItem(_(rule.label))
            who = QTableWidgetItem(_(rule.who))
            if rule.who_major:  # the callback: by grade
                who.setText(_("受理人 / 片区经理"))
                who.setToolTip(_("轻微投诉:{minor};重大投诉:{major}").format(minor=_(rule.who), major=_(rule.who_major)))
            who.setForeground(QColor(style.HINT))
            self.clocks_table.setItem(row, NAME_COLUMN, name)
            self.clocks_table.setItem(row, WHO_COLUMN, who)
            self.clocks_table.setCellWidget(row, LIMIT_COLUMN, editors.limit_box)
            self.clocks_table.setCellWidget(row, MODE_COLUMN, editors.mode_combo)
            self.clocks_table.setCellWidget(row, PAUSE_COLUMN, editors.pause_box)
        header = self.clocks_table.horizontalHeader()
        metrics = self.fontMetrics()
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(WHO_COLUMN, metrics.horizontalAdvance("受理人 / 片区经理") + 20)
        header.resizeSection(LIMIT_COLUMN, metrics.horizontalAdvance("99999 分钟") + 90)
        header.resizeSection(MODE_COLUMN, metrics.horizontalAdvance("工作时间") + 50)
        header.resizeSection(PAUSE_COLUMN, metrics.horizontalAdvance("允许暂停") + 24)
        self.clocks_table.setMinimumHeight(row_height * len(RULES) + header.sizeHint().height() + 4)
        layout.addWidget(self.clocks_table, 1)
        units_hint = QLabel(_("按工作时间计时:1 天为 1 个工作日(上班到下班),1 小时为 1 个工作小时,跳过休息日和节假日。"
                              "修改只对之后开始计时的时限生效,已在计时和已结束的时限按开始时的规则计算。"
                              "联系函回复按每封联系函自己的回复期限、以自然时间计算,不能暂停。"))
        units_hint.setObjectName("units_hint")
        units_hint.setWordWrap(True)
        style.as_hint(units_hint)
        layout.addWidget(units_hint)
        self.rules_error_label = QLabel()
        self.rules_error_label.setObjectName("rules_error_label")
        style.as_error(self.rules_error_label)
        self.rules_error_label.setWordWrap(True)
        self.rules_error_label.hide()
        layout.addWidget(self.rules_error_label)

        bottom = QHBoxLayout()
        hours_group = QGroupBox(_("工作时间(用于按工作时间计时的时限)"))
        hours_form = QFormLayout(hours_group)
        self.all_day_check = QCheckBox(_("全天(只跳过休息日和节假日)"))
        self.all_day_check.setObjectName("all_day_check")
        hours_form.addRow(self.all_day_check)
        times = QHBoxLayout()
        self.day_start_edit = QTimeEdit()
        self.day_start_edit.setObjectName("day_start_edit")
        self.day_end_edit = QTimeEdit()
        self.day_end_edit.setObjectName("day_end_edit")
        for edit in (self.day_start_edit, self.day_end_edit):
            edit.setDisplayFormat("HH:mm")
        times.addWidget(QLabel(_("上班")))
        times.addWidget(self.day_start_edit)
        times.addSpacing(8)
        times.addWidget(QLabel(_("下班")))
        times.addWidget(self.day_end_edit)
        times.addStretch(1)
        hours_form.addRow(times)
        self.work_hours_error = QLabel()
        self.work_hours_error.setObjectName("work_hours_error")
        style.as_error(self.work_hours_error)
        self.work_hours_error.hide()
        hours_form.addRow(self.work_hours_error)
        bottom.addWidget(hours_group, 3)

        warn_group = QGroupBox(_("预警"))
        warn_form = QFormLayout(warn_group)
        self.warn_spin = QSpinBox()
        self.warn_spin.setObjectName("warn_spin")
        self.warn_spin.setRange(1, 99)
        self.warn_spin.setSuffix(" %")
        warn_form.addRow(_("预警比例"), self.warn_spin)
        warn_hint = QLabel(_("剩余时间不足时限的这一比例时,看板显示为黄色"))
        warn_hint.setWordWrap(True)
        style.as_hint(warn_hint)
        warn_form.addRow(warn_hint)
        self.warn_fraction_error = QLabel()
        self.warn_fraction_error.setObjectName("warn_fraction_error")
        style.as_error(self.warn_fraction_error)
        self.warn_fraction_error.hide()
        warn_form.addRow(self.warn_fraction_error)
        bottom.addWidget(warn_group, 2)
        layout.addLayout(bottom)
        for widget in (self.all_day_check, self.day_start_edit, self.day_end_edit, self.warn_spin):
            widget.setEnabled(self.editable)
        return page

    def _build_holidays_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        year_label = QLabel(_("年度"))
        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("year_spin")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(wallclock.now().year)
        year_label.setBuddy(self.year_spin)
        top.addWidget(year_label)
        top.addWidget(self.year_spin)
        top.addSpacing(12)
        self.library_label = QLabel()
        self.library_label.setObjectName("library_label")
        self.library_label.setWordWrap(True)
        top.addWidget(self.library_label, 1)
        self.schedule_button = QPushButton(_("录入全年安排…"))
        self.schedule_button.setObjectName("schedule_button")
        self.schedule_button.setAutoDefault(False)
        top.addWidget(self.schedule_button)
        layout.addLayout(top)
        self.confirm_check = QCheckBox()
        self.confirm_check.setObjectName("confirm_check")
        layout.addWidget(self.confirm_check)

        explain = QLabel(_("下表列出这一年的放假日和调休上班日:“内置”来自国务院公布的安排,“本站”是管理员的更正"
                           "(额外放假或改为上班)。增加和删除立即保存;内置的日子不能删除,可用同一天的更正覆盖。"))
        explain.setWordWrap(True)
        style.as_hint(explain)
        layout.addWidget(explain)

        self.holidays_table = QTableWidget(0, 5)
        self.holidays_table.setObjectName("holidays_table")
        self.holidays_table.setHorizontalHeaderLabels([_("日期"), _("星期"), _("类型"), _("名称"), _("来源")])
        self.holidays_table.verticalHeader().setVisible(False)
        self.holidays_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.holidays_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.holidays_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.holidays_table.setAlternatingRowColors(True)
        header = self.holidays_table.horizontalHeader()
        metrics = self.fontMetrics()
        header.resizeSection(DAY_COLUMN, metrics.horizontalAdvance("2026-10-10") + 24)
        header.resizeSection(WEEKDAY_COLUMN, metrics.horizontalAdvance("星期三") + 24)
        header.resizeSection(KIND_COLUMN, metrics.horizontalAdvance("调休上班") + 24)
        header.setSectionResizeMode(HOLIDAY_NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(SOURCE_COLUMN, metrics.horizontalAdvance("内置") + 32)
        layout.addWidget(self.holidays_table, 1)

        add_row = QHBoxLayout()
        self.holiday_date_edit = QDateEdit()
        self.holiday_date_edit.setObjectName("holiday_date_edit")
        self.holiday_date_edit.setCalendarPopup(True)
        self.holiday_date_edit.setDisplayFormat("yyyy-MM-dd")
        today = wallclock.now().date()
        self.holiday_date_edit.setDate(QDate(today.year, today.month, today.day))
        self.holiday_date_edit.setMinimumWidth(metrics.horizontalAdvance("2026-10-10") + 44)
        self.holiday_kind_combo = QComboBox()
        self.holiday_kind_combo.setObjectName("holiday_kind_combo")
        for label, is_workday in HOLIDAY_KINDS:
            self.holiday_kind_combo.addItem(_(label), is_workday)
        self.holiday_name_edit = QLineEdit()
        self.holiday_name_edit.setObjectName("holiday_name_edit")
        self.holiday_name_edit.setPlaceholderText(_("名称,如:春节、国庆节调休"))
        self.holiday_name_edit.setMaxLength(40)
        self.add_holiday_button = QPushButton(_("添加"))
        self.add_holiday_button.setObjectName("add_holiday_button")
        self.remove_holiday_button = QPushButton(_("删除所选"))
        self.remove_holiday_button.setObjectName("remove_holiday_button")
        for button in (self.add_holiday_button, self.remove_holiday_button):
            button.setAutoDefault(False)
        add_row.addWidget(QLabel(_("日期")))
        add_row.addWidget(self.holiday_date_edit)
        add_row.addWidget(self.holiday_kind_combo)
        add_row.addWidget(self.holiday_name_edit, 1)
        add_row.addWidget(self.add_holiday_button)
        add_row.addSpacing(12)
        add_row.addWidget(self.remove_holiday_button)
        layout.addLayout(add_row)
        self.holiday_error_label = QLabel()
        self.holiday_error_label.setObjectName("holiday_error_label")
        style.as_error(self.holiday_error_label)
        self.holiday_error_label.setWordWrap(True)
        self.holiday_error_label.hide()
        layout.addWidget(self.holiday_error_label)

        self.confirm_box = QMessageBox(QMessageBox.Icon.Question, _("删除节假日更正"), "",
                                       QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        self.confirm_box.setObjectName("confirm_box")
        self.confirm_box.button(QMessageBox.StandardButton.Yes).setText(_("删除"))
        self.confirm_box.button(QMessageBox.StandardButton.No).setText(_("取消"))
        self.confirm_box.setDefaultButton(QMessageBox.StandardButton.No)
        for widget in (self.holiday_date_edit, self.holiday_kind_combo, self.holiday_name_edit,
                       self.add_holiday_button, self.remove_holiday_button, self.schedule_button, self.confirm_check):
            widget.setEnabled(self.editable)
        return page

    def _connect(self) -> None:
        ok = self.button_box.button(self.button_box.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(False)  # until the settings are on screen (and never for non-administrators)
        self.all_day_check.toggled.connect(self._all_day_toggled)
        self.year_spin.valueChanged.connect(self._year_changed)
        self.add_holiday_button.clicked.connect(self.add_holiday)
        self.remove_holiday_button.clicked.connect(self.remove_selected_holiday)
        self.holiday_name_edit.returnPressed.connect(self.add_holiday)
        self.schedule_button.clicked.connect(self.enter_year_schedule)
        self.confirm_check.clicked.connect(self._confirm_clicked)

    # --- clock rules ---------------------------------------------------------------------------

    def _show_settings(self, values: SiteSettings) -> None:
        self.original = values
        for key, row in self.rows.items():
            row.show(values.clock(key))
            self.shown[key] = row.value()
        start, end = values.work_day_start, values.work_day_end
        all_day = (start, end) == (WHOLE_DAY_START, WHOLE_DAY_END)
        self.all_day_check.setChecked(all_day)
        # the whole day leaves the office hours greyed with a usual day in them, not 00:00
        self.day_start_edit.setTime(QTime(8, 30) if all_day else _qtime(start, QTime(8, 30)))
        self.day_end_edit.setTime(QTime(17, 30) if all_day or end == WHOLE_DAY_END else _qtime(end))
        self._all_day_toggled(all_day)
        self.warn_spin.setValue(round(values.clock_warn_fraction * 100))
        self._show_library_state()
        ok = self.button_box.button(self.button_box.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(self.editable)
        self.loaded.emit()

    def _all_day_toggled(self, all_day: bool) -> None:
        for edit in (self.day_start_edit, self.day_end_edit):
            edit.setEnabled(self.editable and not all_day)

    def work_day(self) -> tuple[str, str]:
        """The working day on screen, ("HH:MM", "HH:MM"); the whole day is ("00:00", "24:00")."""
        if self.all_day_check.isChecked():
            return WHOLE_DAY_START, WHOLE_DAY_END
        return self.day_start_edit.time().toString("HH:mm"), self.day_end_edit.time().toString("HH:mm")

    def edited(self) -> SiteSettings:
        """The settings as loaded, with what was changed on screen (a row left alone stays as stored)."""
        assert self.original is not None
        clocks = dict(self.original.clocks)
        clocks.update({key: row.value() for key, row in self.rows.items() if row.value() != self.shown[key]})
        start, end = self.work_day()
        warn = self.original.clock_warn_fraction
        if self.warn_spin.value() != round(warn * 100):
            warn = self.warn_spin.value() / 100
        return replace(self.original, clocks=clocks, work_day_start=start, work_day_end=end,
                       clock_warn_fraction=warn)

    def _check(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.all_day_check.isChecked() and self.day_end_edit.time() <= self.day_start_edit.time():
            errors["work_day_end"] = _("下班时间必须晚于上班时间;若全天计时请勾选“全天”")
        return errors

    def accept(self) -> None:
        self.save()

    def save(self) -> None:
        """Check the entries, then save everything in one go on the runner; close when saved."""
        if self._saving or self.original is None:
            return
        self._show_errors({})
        errors = self._check()
        if errors:
            self._show_errors(errors)
            return
        new = self.edited()
        if new == self.original:
            self._done_saving()
            return
        self._saving = True
        self.button_box.setEnabled(False)
        self.ctx.runner.run_db(partial(settings.save, base=self.original), self.ctx.db, self.ctx.actor, new,
                               on_done=lambda _result: self._done_saving(), on_error=self._save_failed)

    def _done_saving(self) -> None:
        self._saving = False
        self.button_box.setEnabled(True)
        self.saved.emit()
        super().accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.button_box.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self._show_errors(exc.fields)
        else:
            self.error_label.setText(error_text(exc))

    def _show_errors(self, errors: dict[str, str]) -> None:
        """Each message beside its field; a clock's (``clocks.<key>.<field>``) under the table with its name."""
        unplaced = dict(errors)
        rule_messages = []
        for key, row in self.rows.items():
            mine = [name for name in errors if name.startswith(f"clocks.{key}.")]
            message = errors[mine[0]] if mine else ""
            for name in mine:
                unplaced.pop(name)
            row.set_error(message)
            if message:
                rule_messages.append(_("「{name}」:{message}").format(name=_(row.rule.label), message=message))
        self.rules_error_label.setText(";".join(rule_messages))
        self.rules_error_label.setVisible(bool(rule_messages))
        for label, keys in ((self.work_hours_error, ("work_day_start", "work_day_end")),
                            (self.warn_fraction_error, ("clock_warn_fraction",))):
            messages = [unplaced.pop(key) for key in keys if key in unplaced]
            label.setText(";".join(messages))
            label.setVisible(bool(messages))
        self.error_label.setText(";".join(unplaced.values()))  # a setting this dialog does not show
        if errors:
            self.tabs.setCurrentIndex(0)

    # --- holidays ------------------------------------------------------------------------------

    def _year_changed(self, year: int) -> None:
        current = self.holiday_date_edit.date()
        self.holiday_date_edit.setDate(QDate(year, current.month(), min(current.day(), 28)))
        self._show_library_state()
        self.load_holidays()

    def _show_library_state(self) -> None:
        """Where the year's schedule comes from, and whether the administrator confirmed it."""
        year = self.year_spin.value()
        builtin = WorkCalendar().knows_year(year)
        confirmed = year in self.confirmed_years
        self.confirm_check.setVisible(not builtin)
        self.confirm_check.setText(_("已核对:{year} 年的放假和调休上班日已全部录入").format(year=year))
        self.confirm_check.setChecked(confirmed)
        self.confirm_check.setEnabled(self.editable and self.original is not None)
        self.schedule_button.setVisible(not builtin)
        if builtin:
            self.library_label.setText(_("{year} 年的法定节假日和调休已内置,下表只需录入本站的更正。").format(year=year))
            style.coloured(self.library_label, style.GREEN)
        elif confirmed:
            self.library_label.setText(_("{year} 年的安排由管理员录入并已确认。").format(year=year))
            style.coloured(self.library_label, style.GREEN)
        else:
            self.library_label.setText(_("{year} 年的法定节假日尚未内置,也未确认:按工作时间计算、跨入这一年的期限"
                                         "可能不准。国务院公布安排后,请点“录入全年安排”。").format(year=year))
            style.coloured(self.library_label, style.ERROR, bold=True)

    @property
    def confirmed_years(self) -> set[int]:
        return self._confirmed if self._confirmed is not None else \
            set(self.original.confirmed_years if self.original else ())

    def _confirm_clicked(self, checked: bool) -> None:
        year = self.year_spin.value()
        self.ctx.runner.run_db(deadlines.confirm_year, self.ctx.db, self.ctx.actor, year, checked,
                               on_done=lambda _result: self._confirmed_changed(year, checked),
                               on_error=self._holiday_failed)

    def _confirmed_changed(self, year: int, confirmed: bool) -> None:
        years = set(self.confirmed_years)
        self._confirmed = years | {year} if confirmed else years - {year}
        self._show_library_state()
        self.calendar_changed.emit()

    def enter_year_schedule(self) -> YearScheduleDialog:
        """Open the one dialog for the whole year (corrections already entered are filled in)."""
        year = self.year_spin.value()
        corrections = [day for day in self.holiday_days if not day[3]]
        dialog = YearScheduleDialog(self.ctx, year, [d[:3] for d in corrections], self)
        dialog.saved.connect(lambda: (self._confirmed_changed(year, True), self.load_holidays()))
        dialog.open()
        return dialog

    def load_holidays(self) -> None:
        year = self.year_spin.value()
        self.ctx.runner.run_db(deadlines.holidays, self.ctx.db, year,
                               on_done=lambda days, y=year: self._show_holidays(y, days), parent=self)

    def _show_holidays(self, year: int, corrections: list[tuple[date, bool, str]]) -> None:
        """The built-in days of the year and the corrections, one list by date (a correction wins)."""
        if year != self.year_spin.value():
            return  # an answer for a year no longer shown
        corrected = {day for day, _work, _name in corrections}
        days = [(*d, True) for d in builtin_days(year) if d[0] not in corrected]
        days += [(*d, False) for d in corrections]
        self.holiday_days = sorted(days)
        self.holidays_table.setRowCount(len(self.holiday_days))
        for row, (day, is_workday, name, builtin) in enumerate(self.holiday_days):
            kind = QTableWidgetItem(_(HOLIDAY_KINDS[1][0] if is_workday else HOLIDAY_KINDS[0][0]))
            kind.setForeground(QColor(style.WORKDAY if is_workday else style.DAY_OFF))
            source = QTableWidgetItem(_("内置") if builtin else _("本站"))
            if builtin:
                source.setForeground(QColor(style.HINT))
            for column, item in ((DAY_COLUMN, QTableWidgetItem(day.isoformat())),
                                 (WEEKDAY_COLUMN, QTableWidgetItem(_(WEEKDAYS[day.weekday()]))),
                                 (KIND_COLUMN, kind), (HOLIDAY_NAME_COLUMN, QTableWidgetItem(name)),
                                 (SOURCE_COLUMN, source)):
                self.holidays_table.setItem(row, column, item)
        self.holidays_changed.emit()

    def add_holiday(self) -> None:
        picked = self.holiday_date_edit.date()
        day = date(picked.year(), picked.month(), picked.day())
        is_workday = bool(self.holiday_kind_combo.currentData())
        name = self.holiday_name_edit.text().strip()
        self.holiday_error_label.hide()
        if day.year != self.year_spin.value():
            self.year_spin.setValue(day.year)
        self.ctx.runner.run_db(deadlines.set_holiday, self.ctx.db, self.ctx.actor, day, is_workday, name,
                               on_done=lambda _result: self._holiday_saved(), on_error=self._holiday_failed)

    def _holiday_saved(self) -> None:
        self.holiday_name_edit.clear()
        self.load_holidays()

    def _holiday_failed(self, exc: BaseException) -> None:
        self.holiday_error_label.setText(error_text(exc))
        self.holiday_error_label.show()

    def selected_holiday(self) -> tuple[date, bool, str, bool] | None:
        """(day, is a working day, name, built in) of the selected row."""
        rows = self.holidays_table.selectionModel().selectedRows()
        return self.holiday_days[rows[0].row()] if rows else None

    def remove_selected_holiday(self) -> None:
        selected = self.selected_holiday()
        if selected is None or selected[3]:
            self.holiday_error_label.setText(
                _("请先在表中选中要删除的日子") if selected is None else
                _("内置的日子不能删除;如本站这天安排不同,请在下方添加同一天的更正"))
            self.holiday_error_label.show()
            return
        day, is_workday, name, _builtin = selected
        self.confirm_box.setText(_("删除 {day}({kind}{name})这条更正?删除后这一天按内置日历计算。").format(
            day=day.isoformat(), kind=_(HOLIDAY_KINDS[1][0] if is_workday else HOLIDAY_KINDS[0][0]),
            name=f" {name}" if name else ""))
        if self.confirm_box.exec() != QMessageBox.StandardButton.Yes:
            return
        self.holiday_error_label.hide()
        self.ctx.runner.run_db(deadlines.remove_holiday, self.ctx.db, self.ctx.actor, day,
                               on_done=lambda _result: self.load_holidays(), on_error=self._holiday_failed)


def _qtime(text: str, default: QTime | None = None) -> QTime:
    value = QTime.fromString(text, "HH:mm")
    return value if value.isValid() else (default or QTime(0, 0))
