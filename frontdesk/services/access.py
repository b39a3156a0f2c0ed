"""The check every use case makes first: may this user do this (the one permission table)."""

from __future__ import annotations

from frontdesk.domain.errors import PermissionDenied
from frontdesk.domain.permissions import Perm, can
from frontdesk.domain.types import Actor


def require(actor: Actor, perm: Perm) -> None:
    """Refuse unless the actor's role grants ``perm``."""
    if not can(actor.role, perm):
        raise PermissionDenied(perm.value)
