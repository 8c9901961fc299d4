"""The panel's navigation, in one place: the top bar's business switcher and the
business's sections (the first few as tabs, the rest under "More"), each shown only
to members whose role may open it."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from widget.access import Permission, businesses_of, role_allows


@dataclass(frozen=True)
class Section:
    endpoint: str
    label: object
    permission: Permission
    # Also current on these pages (a section's own sub-pages).
    also: tuple[str, ...] = ()


# Tabs first: what an owner does every day.
TABS = (
    Section("admin.queue", _l("Reviews"), Permission.VIEW),
    Section("admin.dashboard_page", _l("Dashboard"), Permission.VIEW),
    Section("admin.invitations_page", _l("Invite customers"), Permission.MODERATE),
    Section("admin.embed_builder", _l("Embed code"), Permission.VIEW),
    Section("admin.settings", _l("Settings"), Permission.MANAGE),
)
MORE = (
    Section("admin.team", _l("Team"), Permission.MANAGE),
    Section(
        "admin.import_page",
        _l("Import reviews"),
        Permission.MANAGE,
        ("admin.import_batch",),
    ),
    Section("admin.webhooks_page", _l("Webhooks"), Permission.MANAGE),
    Section("admin.api_keys_page", _l("API keys"), Permission.MANAGE),
    Section("admin.privacy_page", _l("A reviewer's data"), Permission.MANAGE),
    Section("admin.audit_log", _l("Audit log"), Permission.VIEW),
)


def navigation() -> dict:
    """What the top bar and the section navigation show on this page."""
    if "_user_id" not in session or not current_user.is_authenticated:
        return {}
    memberships = businesses_of(current_user)
    slug = (request.view_args or {}).get("slug")
    here = next(((b, r) for b, r in memberships if b.slug == slug), None)
    found = {"nav_businesses": [business for business, _ in memberships]}
    if here is None:
        return found
    business, role = here

    def links(sections):
        return [
            (
                url_for(section.endpoint, slug=business.slug),
                section.label,
                request.endpoint in (section.endpoint, *section.also),
            )
            for section in sections
            if role_allows(role, section.permission)
        ]

    more = links(MORE)
    more.append(
        (url_for("hosted.reviews", slug=business.slug), _l("Public review page"), False)
    )
    here_in_more = next((label for _, label, current in more if current), None)
    return found | {
        "nav_business": business,
        "nav_tabs": links(TABS),
        "nav_more": more,
        "nav_more_here": here_in_more,
    }
