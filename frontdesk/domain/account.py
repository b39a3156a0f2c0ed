"""The rules of a user account (SPEC §8): what a username, a name and a password may be."""

from __future__ import annotations

from types import SimpleNamespace

from frontdesk.domain.text import TextRule, check_texts
from frontdesk.i18n import N_, _

MIN_PASSWORD = 6
PASSWORD_MAX = 128
#: The username and the name printed in signature lines, within the database columns.
TEXT_RULES = {"username": TextRule(50, N_("用户名")), "display_name": TextRule(50, N_("姓名"))}


def validate_account(username: str, display_name: str, password: str) -> dict[str, str]:
    """Field name → message for every problem; empty when the account may be created."""
    errors: dict[str, str] = {}
    if not username.strip():
        errors["username"] = _("请填写用户名")
    if not display_name.strip():
        errors["display_name"] = _("请填写姓名")
    check_texts(errors, SimpleNamespace(username=username, display_name=display_name), TEXT_RULES)
    if len(password) < MIN_PASSWORD:
        errors["password"] = _("密码至少 {n} 位").format(n=MIN_PASSWORD)
    elif len(password) > PASSWORD_MAX:
        errors["password"] = _("密码最多 {n} 位").format(n=PASSWORD_MAX)
    return errors

