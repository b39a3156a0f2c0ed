"""Errors the services raise; each carries a Chinese message that tells the user what to do."""

from __future__ import annotations

from frontdesk.i18n import _


class FrontDeskError(Exception):
    """Base of every error shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PermissionDenied(FrontDeskError):
    """Refused by the rules; ``message`` replaces the generic role message when the reason is another."""

    def __init__(self, action: str = "", *, message: str | None = None) -> None:
        text = _("您的角色无权执行此操作")
        super().__init__(message or (f"{text}:{action}" if action else text))


class ValidationFailed(FrontDeskError):
    """Bad input; ``fields`` maps a field name to the message shown beside it."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(_("请检查标红的栏目:") + ";".join(fields.values()))
        self.fields = dict(fields)


class NotFound(FrontDeskError):
    pass


class NoDisposition(FrontDeskError):
    """An invalid or unreasonable complaint: closed at registration, no disposition form."""


class SignInFailed(FrontDeskError):
    pass


class StaleRecord(FrontDeskError):
    def __init__(self) -> None:
        super().__init__(_("这条记录已被其他人修改,请关闭后重新打开再编辑"))


class DatabaseUnavailable(FrontDeskError):
    pass


class HistoryBroken(FrontDeskError):
    """The history's chain head is missing or does not match the history: nothing more is written.

    The head is not rebuilt: that would hide a truncation or a removed tail.
    """

    def __init__(self) -> None:
        super().__init__(_(
            "修改历史的链头缺失或与历史记录对不上,可能有人改动过数据库。为了不掩盖改动,"
            "FrontDesk 已停止保存任何修改。请运行 frontdesk verify-history 检查,并从备份恢复数据库,或联系管理员。"
        ))
