"""Who may see and do what: sign-in configuration, roles and the pages of each role.

Pure functions, importable without Streamlit. ``analytics.ui`` feeds them what
Streamlit knows about the session (the ``[auth]`` and ``[roles]`` tables of
``secrets.toml``, ``st.user``, whether the browser brought the start token) and gets a
:class:`Viewer` back; ``app.py`` registers only the pages in :data:`PAGES`
that the viewer may see, and every action checks :meth:`Viewer.can` again.

A role is a set of permissions:

========== ===================================================================
politiker  the aggregated pages (:data:`VIEW`)
leder      plus unit and unit × group views (:data:`UNITS`), leadership's
           follow-up: writing measures (tiltak) and composing meetings
           (:data:`LEAD`), and the pådriver's name on a project (:data:`PERSONAL`)
analytiker plus import, mappings, history and undo (:data:`IMPORT`), units and
           leadership's follow-up, but not the pådriver's name
admin      what analytiker has, plus settings and the audit trail
           (:data:`SETTINGS`); the pådriver's name only with leder as well
========== ===================================================================

A person may hold several roles and gets every permission of each.

A person tied to units in ``[units]`` (a unit's name to e-mail addresses and
group ids, like ``[roles]``) is a unit leader: whatever their roles, they get
*Min enhet* for their own units (:data:`OWN_UNIT`) and only the pages that state
no figure or name per unit (:data:`UNIT_LEADER_PAGES`), so they see no other
unit anywhere. A person not tied to units keeps the view of their roles.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from analytics.core.text import t

VIEW = "view"
UNITS = "units"
PERSONAL = "personal"
IMPORT = "import"
SETTINGS = "settings"
LEAD = "lead"  # write follow-up measures (tiltak), compose and save meetings
OWN_UNIT = "own_unit"  # Min enhet: the figures of one's own units (given by [units], not by a role)
PERMISSIONS = (VIEW, UNITS, PERSONAL, IMPORT, SETTINGS, LEAD)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "politiker": frozenset({VIEW}),
    "leder": frozenset({VIEW, UNITS, PERSONAL, LEAD}),
    "analytiker": frozenset({VIEW, UNITS, IMPORT, LEAD}),
    "admin": frozenset({VIEW, UNITS, IMPORT, SETTINGS, LEAD}),
}
ROLES = tuple(ROLE_PERMISSIONS)

# Without sign-in: the person at the machine may do everything (as before roles
# existed), proved as Jupyter proves it: the launcher (``python -m analytics.launch``,
# which ``make run`` runs) makes a new random token at each start, gives it to the
# server in this variable and prints the app's address with it. A browser that
# brought the token is the local user; anyone else sees the demo data only, and
# changes nothing, whatever address or headers their request carries.
TOKEN_ENV = "INNOBARO_LOCAL_TOKEN"
TOKEN_PARAM = "token"
LOCAL_PERMISSIONS = frozenset(PERMISSIONS)
DEMO_PERMISSIONS = frozenset({VIEW, UNITS})
LOCAL_USER = t("access_local_user")

AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
MIN_COOKIE_SECRET = 32
# The placeholder in .streamlit/secrets.toml.example, refused if copied unchanged.
EXAMPLE_COOKIE_SECRET = "lag-en-lang-tilfeldig-streng-med-python-secrets-token-hex-32"


@dataclass(frozen=True)
class PageSpec:
    """One page of the navigation and the permission it needs (text keys, not text)."""

    path: str
    section: str
    title: str
    icon: str
    needs: str
    default: bool = False


# The navigation, in order. A page is registered only for a viewer who has its
# permission, so its URL does not open for anyone else. A new page is one line.
PAGES = (
    PageSpec("pages/oversikt.py", "section_overview", "page_overview", ":material/dashboard:", VIEW, True),
    PageSpec("pages/mote.py", "section_overview", "page_meeting", ":material/co_present:", VIEW),
    PageSpec("pages/innovasjonskultur.py", "section_culture", "page_culture", ":material/psychology:", VIEW),
    PageSpec("pages/tiltak.py", "section_culture", "page_actions", ":material/task_alt:", UNITS),
    PageSpec("pages/min_enhet.py", "section_culture", "page_my_unit", ":material/groups:", OWN_UNIT),
    PageSpec("pages/prosjekter.py", "section_projects", "page_projects", ":material/account_tree:", VIEW),
    PageSpec("pages/samskaping.py", "section_projects", "page_cocreation", ":material/diversity_3:", VIEW),
    PageSpec(
        "pages/virkemidler.py", "section_projects", "page_instruments", ":material/event_available:", VIEW
    ),
    PageSpec("pages/strategien.py", "section_strategy", "page_strategy", ":material/flag:", VIEW),
    PageSpec("pages/sporreskjema.py", "section_strategy", "page_questionnaire", ":material/quiz:", VIEW),
    PageSpec("pages/importer.py", "section_data", "page_import", ":material/upload_file:", IMPORT),
    PageSpec("pages/historikk.py", "section_data", "page_history", ":material/history:", IMPORT),
    PageSpec(
        "pages/administrasjon.py", "section_admin", "page_admin", ":material/admin_panel_settings:", SETTINGS
    ),
)
# Who one is and what one may do, with sign-in and sign-out: registered for
# everyone, and the only page (so the default) for a viewer who may see no other.
# The pages besides Min enhet that a leader tied to units opens: they state no figure,
# name or measure per unit (project sectors, heat maps and tiltak do).
UNIT_LEADER_PAGES = ("pages/innovasjonskultur.py", "pages/strategien.py", "pages/sporreskjema.py")
UNIT_LEADER_PERMISSIONS = frozenset({VIEW, OWN_UNIT})
ACCESS_PAGE = PageSpec("pages/tilgang.py", "section_access", "page_access", ":material/lock_person:", "")


class AccessError(ValueError):
    """Sign-in or roles are configured wrongly; the message is in bokmål and says how to fix it."""


@dataclass(frozen=True)
class Viewer:
    """The person using a session, as far as access goes.

    ``mode`` is ``signed_in``, ``signed_out`` (sign-in configured, not signed
    in yet), ``local`` (no sign-in, the browser brought the start token),
    ``demo`` (no sign-in, no token, demo data), ``closed`` (no sign-in, no
    token, imported data) or ``misconfigured`` (``problem`` says why).
    """

    mode: str
    who: str
    roles: tuple[str, ...] = ()
    permissions: frozenset[str] = field(default_factory=frozenset)
    problem: str | None = None
    units: tuple[str, ...] = ()  # the units a leader is tied to in [units]; empty for everyone else

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def pages(self) -> tuple[PageSpec, ...]:
        """The pages this viewer may open, and the access page (the default when it is the only one).

        A leader tied to units opens Min enhet (their default) and :data:`UNIT_LEADER_PAGES` only.
        """
        allowed = tuple(p for p in PAGES if self.can(p.needs))
        if self.units:
            allowed = tuple(
                replace(p, default=p.needs == OWN_UNIT)
                for p in allowed
                if p.needs == OWN_UNIT or p.path in UNIT_LEADER_PAGES
            )
        return (*allowed, replace(ACCESS_PAGE, default=not allowed))


def check_auth(auth: Mapping) -> None:
    """Refuse an ``[auth]`` table that cannot sign anyone in safely.

    >>> try:
    ...     check_auth({"redirect_uri": "https://x/oauth2callback"})
    ... except AccessError as problem:
    ...     print(str(problem).split("mangler ")[1])
    cookie_secret, client_id, client_secret, server_metadata_url. Se README, «Sign-in and roles».
    """
    missing = [key for key in AUTH_KEYS if not str(auth.get(key) or "").strip()]
    if missing:
        raise AccessError(t("access_auth_missing_keys", missing=", ".join(missing)))
    secret = str(auth["cookie_secret"]).strip()
    if secret == EXAMPLE_COOKIE_SECRET or len(secret) < MIN_COOKIE_SECRET:
        raise AccessError(t("access_cookie_secret_weak", min_cookie_secret=MIN_COOKIE_SECRET))
    if not str(auth["redirect_uri"]).rstrip("/").endswith("/oauth2callback"):
        raise AccessError(t("access_redirect_uri"))


def check_roles(table: Mapping) -> dict[str, tuple[str, ...]]:
    """The ``[roles]`` table as role → e-mail addresses and group ids (e-mails in lower case)."""
    unknown = sorted(set(table) - set(ROLES))
    if unknown:
        raise AccessError(t("access_unknown_roles", unknown=", ".join(unknown), roles=", ".join(ROLES)))
    checked = {}
    for role, members in table.items():
        if isinstance(members, str) or not all(isinstance(m, str) for m in members):
            raise AccessError(t("access_role_not_list", role=role))
        checked[role] = tuple(m.strip().lower() for m in members if m.strip())
    return checked


def check_units(table: Mapping) -> dict[str, tuple[str, ...]]:
    """The ``[units]`` table as unit name → e-mail addresses and group ids (in lower case)."""
    checked = {}
    for unit, members in table.items():
        if isinstance(members, str) or not all(isinstance(m, str) for m in members):
            raise AccessError(t("access_unit_not_list", unit=unit))
        checked[str(unit)] = tuple(m.strip().lower() for m in members if m.strip())
    return checked


def units_of(claims: Mapping, table: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The units whose members include the person's e-mail or one of their groups, sorted.

    >>> units_of({"email": "Ola@Kommune.no"}, {"NAV": ("ola@kommune.no",), "Skole": ("g1",)})
    ('NAV',)
    """
    groups = claims.get("groups") or ()
    if isinstance(groups, str):
        groups = (groups,)
    mine = {identity(claims).lower(), *(str(g).strip().lower() for g in groups)} - {""}
    return tuple(sorted(unit for unit, members in table.items() if mine & set(members)))


def identity(claims: Mapping) -> str:
    """Who a signed-in person is: the e-mail claim (Entra ID: ``preferred_username`` when it has none)."""
    return str(claims.get("email") or claims.get("preferred_username") or claims.get("sub") or "").strip()


def roles_of(claims: Mapping, table: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The roles whose members include the person's e-mail or one of their groups.

    >>> roles_of({"email": "Ana@Kommune.no", "groups": ["g1"]}, {"analytiker": ("ana@kommune.no",),
    ...          "leder": ("g1",), "admin": ("g2",)})
    ('leder', 'analytiker')
    """
    groups = claims.get("groups") or ()
    if isinstance(groups, str):
        groups = (groups,)
    mine = {identity(claims).lower(), *(str(g).strip().lower() for g in groups)} - {""}
    return tuple(role for role in ROLES if mine & set(table.get(role, ())))


def brought_token(given: str | None, expected: str | None) -> bool:
    """Whether a browser brought the server's start token (none set: nobody did).

    >>> brought_token("abc", "abc"), brought_token("abc", None), brought_token(None, None)
    (True, False, False)
    """
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def resolve(
    auth: Mapping | None,
    roles_table: Mapping | None,
    user: Mapping,
    local: bool,
    demo_data: bool,
    units_table: Mapping | None = None,
) -> Viewer:
    """The viewer of a session, from the secrets, the signed-in user's claims and whether
    the browser brought the start token (``local``, see :func:`brought_token`)."""
    if auth:
        try:
            check_auth(auth)
            table = check_roles(roles_table or {})
            unit_table = check_units(units_table or {})
        except AccessError as problem:
            return Viewer("misconfigured", "", problem=str(problem))
        if not user.get("is_logged_in"):
            return Viewer("signed_out", "")
        roles = roles_of(user, table)
        units = units_of(user, unit_table)
        if units:
            return Viewer("signed_in", identity(user), roles, UNIT_LEADER_PERMISSIONS, units=units)
        permissions = frozenset().union(*(ROLE_PERMISSIONS[r] for r in roles))
        return Viewer("signed_in", identity(user), roles, permissions)
    if local:
        return Viewer("local", LOCAL_USER, ROLES, LOCAL_PERMISSIONS)
    if demo_data:
        return Viewer("demo", t("access_demo_user"), (), DEMO_PERMISSIONS)
    return Viewer("closed", "")
