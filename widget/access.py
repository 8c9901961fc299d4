"""Authorisation: the one answer to "may this principal act on this business?".

Every owner view and every owner API endpoint calls ``authorize``. A principal without
access gets the same ``NotFound`` as for a business that does not exist, so nothing
about other tenants leaks; a missing slug fails closed.
"""

from __future__ import annotations

import enum

from flask_babel import gettext

from widget.businesses import find_business
from widget.errors import Forbidden, NotFound
from widget.extensions import db
from widget.models import ApiKey, Business, KeyScope, Membership, Role, User


class Permission(enum.Enum):
    VIEW = "view"  # read reviews of any status
    MODERATE = "moderate"  # publish, reject, reply, delete
    MANAGE = "manage"  # settings, keys, team


_ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(Permission),
    Role.MODERATOR: frozenset({Permission.VIEW, Permission.MODERATE}),
}
_SCOPE_PERMISSIONS: dict[KeyScope, frozenset[Permission]] = {
    KeyScope.READ: frozenset({Permission.VIEW}),
    KeyScope.MODERATE: frozenset({Permission.VIEW, Permission.MODERATE}),
    KeyScope.MANAGE: frozenset(Permission),
}


def authorize(
    principal: User | ApiKey | None, slug: str | None, permission: Permission
) -> Business:
    """Return the business named ``slug`` if ``principal`` holds ``permission`` on it.

    Raises ``NotFound`` otherwise, whether the business exists or not; a key of the
    business whose scope is too narrow gets ``Forbidden``, naming its scope.
    """
    business = find_business(slug)
    if isinstance(principal, ApiKey) and principal.business_id == business.id:
        if permission in _SCOPE_PERMISSIONS[principal.scope]:
            return business
        raise Forbidden(
            gettext(
                "This API key's scope (%(scope)s) does not allow this.",
                scope=principal.scope.value,
            )
        )
    if isinstance(principal, User) and allows(principal, business, permission):
        return business
    raise NotFound(gettext("No business with that name exists."))


def allows(user: User, business: Business, permission: Permission) -> bool:
    """Whether ``user``'s role in ``business`` gives ``permission``."""
    role = db.session.scalar(
        db.select(Membership.role).where(
            Membership.user_id == user.id, Membership.business_id == business.id
        )
    )
    return role is not None and role_allows(role, permission)


def role_allows(role: Role, permission: Permission) -> bool:
    """Whether ``role`` gives ``permission`` (what the panel shows a member)."""
    return permission in _ROLE_PERMISSIONS[role]


def businesses_of(user: User) -> list[tuple[Business, Role]]:
    """Return the businesses ``user`` is a member of, with the role, by name."""
    rows = db.session.execute(
        db.select(Business, Membership.role)
        .join(Membership, Membership.business_id == Business.id)
        .where(Membership.user_id == user.id)
        .order_by(Business.name)
    ).all()
    return [(business, role) for business, role in rows]
