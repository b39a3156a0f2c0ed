"""The check every use case makes first: who is acting, as the database knows them, and may they.

The :class:`Actor` a screen hands a service is what sign-in returned, maybe hours ago, and
nothing stops a caller from building another one.  So each use case re-reads the user
inside its own unit of work (:func:`current`, one ``session.get``) and takes every later
decision — the permission, the department scope, the head's signature, masking, who signs
and who the history names — on the actor it gets back, never on the one it was handed.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from frontdesk.db.models import User
from frontdesk.domain.errors import PermissionDenied
from frontdesk.domain.permissions import Perm, can, may
from frontdesk.domain.types import Actor
from frontdesk.i18n import _


def as_actor(user: User) -> Actor:
    return Actor(user.id, user.username, user.display_name, user.role, user.department_id, user.is_head)


def current(session: Session, actor: Actor) -> Actor:
    """The acting user as the database has them now; refused if the account is gone or disabled."""
    user = session.get(User, actor.id)
    if user is None or not user.active:
        raise PermissionDenied(message=_("您的账户已停用或不存在,请重新登录或联系管理员"))
    return as_actor(user)


def require(session: Session, actor: Actor, perm: Perm, department_id: int | None = None) -> Actor:
    """The trusted actor, refused unless their role grants ``perm``.

    With ``department_id``, the scope of :data:`~frontdesk.domain.permissions.SCOPES` applies
    too (a handler only for their own department); without it, the role's table alone.
    """
    trusted = current(session, actor)
    allowed = can(trusted.role, perm) if department_id is None else may(trusted, perm, department_id)
    if not allowed:
        raise PermissionDenied(perm.value)
    return trusted
