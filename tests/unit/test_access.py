"""Roles, sign-in configuration and the production hardening (pure functions and files)."""

import ast
import tomllib

import pytest

from analytics.core import access
from analytics.core.config import REPO_ROOT
from tests.conftest import AUTH_SECRETS, ROLE_MEMBERS

AUTH = AUTH_SECRETS["auth"]
TABLE = access.check_roles(AUTH_SECRETS["roles"])


def _viewer(user=None, auth=AUTH, local=False, demo=False):
    return access.resolve(auth, AUTH_SECRETS["roles"], user or {}, local, demo)


def _signed_in(email, groups=()):
    return _viewer({"is_logged_in": True, "email": email, "groups": list(groups)})


def _page_paths(viewer):
    return {p.path.removeprefix("pages/").removesuffix(".py") for p in viewer.pages()}


READER = {"oversikt", "innovasjonskultur", "prosjekter", "samskaping", "virkemidler", "strategien"}
READER |= {"sporreskjema", "tilgang", "mote"}
UNIT_PAGES = {"tiltak"}


def test_each_role_gets_its_pages_and_permissions():
    politician = _signed_in("someone@jevnaker.kommune.no", groups=["gruppe-kommunestyret"])
    leader = _signed_in("Leder@Jevnaker.Kommune.no")  # e-mail matched without case
    analyst = _signed_in(ROLE_MEMBERS["analytiker"][0])
    admin = _signed_in(ROLE_MEMBERS["admin"][0])
    assert (politician.roles, leader.roles, analyst.roles, admin.roles) == (
        ("politiker",),
        ("leder",),
        ("analytiker",),
        ("admin",),
    )
    assert _page_paths(politician) == READER
    assert _page_paths(leader) == READER | UNIT_PAGES
    assert _page_paths(analyst) == READER | UNIT_PAGES | {"importer", "historikk"}
    assert _page_paths(admin) == READER | UNIT_PAGES | {"importer", "historikk", "administrasjon"}
    # Writing tiltak and composing meetings: leadership, not politicians.
    assert [v.can(access.LEAD) for v in (politician, leader, analyst, admin)] == [False, True, True, True]
    # Unit views for leaders, analysts and admins; the pådriver's name for leaders only.
    assert [v.can(access.UNITS) for v in (politician, leader, analyst, admin)] == [False, True, True, True]
    assert [v.can(access.PERSONAL) for v in (politician, leader, analyst, admin)] == [
        False,
        True,
        False,
        False,
    ]
    assert leader.who == "Leder@Jevnaker.Kommune.no" and leader.mode == "signed_in"


def test_several_roles_add_up_and_no_role_gets_only_the_access_page():
    both = _viewer(
        {"is_logged_in": True, "email": ROLE_MEMBERS["leder"][0], "groups": [ROLE_MEMBERS["politiker"][1]]}
    )
    assert both.roles == ("politiker", "leder") and both.can(access.PERSONAL)
    nobody = _signed_in("ukjent@jevnaker.kommune.no", groups=["annen-gruppe"])
    assert nobody.roles == () and nobody.permissions == frozenset()
    (only,) = nobody.pages()
    assert only.path == "pages/tilgang.py" and only.default
    # With other pages, the access page is not the default.
    assert [p.path for p in _signed_in(ROLE_MEMBERS["leder"][0]).pages() if p.default] == [
        "pages/oversikt.py"
    ]


def test_entra_without_an_email_claim_is_matched_on_preferred_username():
    viewer = _viewer({"is_logged_in": True, "preferred_username": ROLE_MEMBERS["analytiker"][0]})
    assert viewer.roles == ("analytiker",) and viewer.who == ROLE_MEMBERS["analytiker"][0]


def test_signed_out_sees_only_the_sign_in_page():
    viewer = _viewer({"email": "test@example.com"})
    assert viewer.mode == "signed_out" and viewer.permissions == frozenset()
    assert _page_paths(viewer) == {"tilgang"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"cookie_secret": ""}, "mangler cookie_secret"),
        ({"cookie_secret": "kort"}, "minst 32 tegn"),
        ({"cookie_secret": access.EXAMPLE_COOKIE_SECRET}, "ikke eksempelverdien"),
        ({"redirect_uri": "http://localhost:8501/"}, "/oauth2callback"),
        ({"client_id": None}, "mangler client_id"),
    ],
)
def test_unsafe_sign_in_configuration_is_refused_and_opens_nothing(change, message):
    viewer = _viewer({"is_logged_in": True, "email": ROLE_MEMBERS["admin"][0]}, auth={**AUTH, **change})
    assert viewer.mode == "misconfigured" and message in viewer.problem
    assert viewer.permissions == frozenset() and _page_paths(viewer) == {"tilgang"}


def test_an_unknown_role_in_the_table_is_refused():
    with pytest.raises(access.AccessError, match="ukjente roller: redaktør"):
        access.check_roles({"redaktør": ["a@b.no"]})
    with pytest.raises(access.AccessError, match="må være en liste"):
        access.check_roles({"leder": "a@b.no"})


def test_without_sign_in_only_the_browser_with_the_start_token_sees_imported_data():
    local = _viewer(auth=None, local=access.brought_token("s3cret-token", "s3cret-token"))
    assert local.mode == "local" and local.who == "lokal bruker"
    assert local.permissions == frozenset(access.PERMISSIONS)
    for given, expected in (("feil", "s3cret-token"), (None, "s3cret-token"), ("", ""), ("x", None)):
        assert not access.brought_token(given, expected)
    remote = _viewer(auth=None, local=False, demo=False)
    assert remote.mode == "closed" and _page_paths(remote) == {"tilgang"}
    demo = _viewer(auth=None, local=False, demo=True)
    assert demo.mode == "demo" and demo.permissions == {access.VIEW, access.UNITS}
    assert "importer" not in _page_paths(demo)
    # With sign-in configured the token gives nothing: sign-in decides.
    assert _viewer(local=True).mode == "signed_out"


def test_every_page_script_is_in_the_role_table():
    declared = {p.path for p in access.PAGES} | {access.ACCESS_PAGE.path}
    assert declared == {f"pages/{p.name}" for p in (REPO_ROOT / "pages").glob("*.py")}


def test_streamlit_runs_with_production_settings():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["enableXsrfProtection"] is True
    # Streamlit's enableCORS = true is cross-origin protection switched on.
    assert config["server"]["enableCORS"] is True and "corsAllowedOrigins" not in config["server"]
    assert config["browser"]["gatherUsageStats"] is False
    assert "secrets.toml" in (REPO_ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()[-1]
    example = tomllib.loads((REPO_ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8"))
    assert set(access.AUTH_KEYS) <= set(example["auth"]) and set(example["roles"]) == set(access.ROLES)
    # The example's cookie secret is refused if copied unchanged.
    with pytest.raises(access.AccessError, match="eksempelverdien"):
        access.check_auth(example["auth"])


def _constant_text(node: ast.AST, constants: set[str]) -> bool:
    """True when ``node`` is built only from string literals, module-level string constants and
    texts of the message catalogue (``_catalogue_json`` of a module-level table of its keys)."""
    allowed = (ast.Constant, ast.JoinedStr, ast.FormattedValue, ast.Name, ast.Load, ast.BinOp, ast.Add)
    allowed += (ast.Mod, ast.Dict, ast.Call)

    def fine(n) -> bool:
        if isinstance(n, ast.Call):
            return isinstance(n.func, ast.Name) and n.func.id == "_catalogue_json" and not n.keywords
        return isinstance(n, allowed) and (
            not isinstance(n, ast.Name) or n.id in constants | {"_catalogue_json"}
        )

    return all(fine(n) for n in ast.walk(node))


def test_raw_html_never_carries_a_value_from_a_file_or_a_user():
    """``st.html`` and ``unsafe_allow_html`` only ever get fixed text written in the code
    (styles), or go through ``ui._escaped_html``, which escapes every value it fills in."""
    for path in [
        *(REPO_ROOT / "pages").glob("*.py"),
        *(REPO_ROOT / "analytics").rglob("*.py"),
        REPO_ROOT / "app.py",
    ]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign)
            and (
                (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str))
                or (  # a table of catalogue keys: string literals only
                    isinstance(node.value, ast.Dict)
                    and all(
                        isinstance(v, ast.Constant) and isinstance(v.value, str)
                        for v in [*node.value.keys, *node.value.values]
                    )
                )
            )
            for target in node.targets
            if isinstance(target, ast.Name) and target.id.isupper()
        }
        escaping = {
            id(n)
            for f in ast.walk(tree)
            if isinstance(f, ast.FunctionDef) and f.name == "_escaped_html"
            for n in ast.walk(f)
        }
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            raw = any(k.arg == "unsafe_allow_html" for k in call.keywords)
            raw |= isinstance(call.func, ast.Attribute) and call.func.attr == "html"
            if raw and id(call) not in escaping:
                assert call.args and _constant_text(call.args[0], constants), (path.name, call.lineno)


def test_the_one_html_helper_escapes_every_value(monkeypatch):
    """What ``ui._escaped_html`` hands to ``st.html`` carries no markup from the values."""
    from analytics import ui

    sent = []
    monkeypatch.setattr(ui.st, "html", sent.append)
    ui.takeaway('<img src="http://x/y.png"> **fet** [lenke](http://x)')
    ui.bullet_list(["<script>alert(1)</script>", "a & b"])
    assert sent[0] == (
        '<p class="takeaway"><strong>&lt;img src=&quot;http://x/y.png&quot;&gt; **fet** '
        "[lenke](http://x)</strong></p>"
    )
    assert (
        sent[1]
        == '<ul class="data-list"><li>&lt;script&gt;alert(1)&lt;/script&gt;</li><li>a &amp; b</li></ul>'
    )


def _texts(at) -> str:
    return " ".join(e.value for kind in ("markdown", "info", "warning", "caption") for e in at.get(kind))


def _titles(at) -> list[str]:
    return [e.value for e in at.title]


def test_the_start_token_makes_a_session_the_local_user_and_leaves_the_address(demo_copy, monkeypatch):
    from analytics.core.text import t
    from tests.conftest import app_test

    token = "uX9-start-token-from-the-launcher"
    monkeypatch.setenv(access.TOKEN_ENV, token)
    visitor = app_test(demo_copy, monkeypatch, email=None).run()
    assert t("demo_no_sign_in") in _texts(visitor)
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not registered
        visitor.switch_page("pages/importer.py")

    wrong = app_test(demo_copy, monkeypatch, email=None)
    wrong.query_params[access.TOKEN_PARAM] = "uX9-start-token-from-the-launcheR"
    wrong.run()
    assert t("demo_no_sign_in") in _texts(wrong) and access.TOKEN_PARAM not in wrong.query_params

    local = app_test(demo_copy, monkeypatch, email=None)
    local.query_params[access.TOKEN_PARAM] = token
    local.run()
    assert access.TOKEN_PARAM not in local.query_params  # taken out of the address bar
    # Kept for the session: the import page opens on the next runs.
    local.switch_page("pages/importer.py").run()
    assert not local.exception and t("page_import") in _titles(local)
    local.switch_page("pages/administrasjon.py").run()
    assert not local.exception and t("page_admin") in _titles(local)
