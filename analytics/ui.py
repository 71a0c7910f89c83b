"""The one Streamlit-aware helper module: cached data access and shared widgets.

Query results are cached per data folder and manifest version, so a page
rerun reads memory, and a new import (a new version) is picked up at once.
"""

from __future__ import annotations

import html
import json
import os
import runpy
import threading
import weakref
from collections.abc import Callable

import pandas as pd
import streamlit as st

from analytics.core import access, suppression, targets
from analytics.core.config import REPO_ROOT, Config, ConfigError, load_config
from analytics.core.framework import FrameworkError, framework
from analytics.core.schema import KIND_TABLES, conform
from analytics.core.text import TEXT, fmt_number, literal, t
from analytics.ingest import load_demo
from analytics.measures import actions, culture, goals, inputs, participation, portfolio
from analytics.measures import benchmarks as benchmark_context
from analytics.measures import drivers as driver_analysis
from analytics.present import actions_text, benchmarks_text, meeting, reports, templates
from analytics.present.export import file_name, to_csv_bytes, to_xlsx_bytes
from analytics.present.overview import Overview, build_overview
from analytics.store import Store, StoreError, retention, settings

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a table shows for a missing value (Streamlit's own default is the English «None»);
# an editor leaves the cell empty instead.
MISSING = "–"


def use_router() -> None:
    """Run this page through ``app.py``'s navigation, also on a server's first request.

    Streamlit keeps its older multipage mode for apps with a ``pages/`` folder
    until some session has run ``st.navigation``: the first request after a
    start that names a page (a bookmark such as ``/prosjekter``) would run the
    page script alone, without the router's navigation and page settings.
    Every page calls this first. In that mode it switches the old mode off and
    runs ``app.py`` in its place, in the same script run (so a button click is
    not lost), which draws the navigation and runs this page; then it stops.

    Streamlit (1.67) has no supported switch for this, so this is the one place
    that touches its private flag; ``tests/unit/test_router.py`` fails when it changes.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(REPO_ROOT / "app.py"), run_name="__main__")
        st.stop()


def run_page(navigation) -> None:
    """Build the navigation (``navigation()``) and run the chosen page; a setting, the
    strategy files or the data folder that cannot be used is explained in bokmål on the
    page, instead of Streamlit's English error page."""
    try:
        load_config()
        framework()
        _this_run.viewer = None
        _this_run.in_page = True
        navigation().run()
    except (ConfigError, FrameworkError, StoreError) as exc:
        st.error(t("page_cannot_run", message=literal(exc)), icon=":material/error:")
    finally:
        # Callbacks run before the next run's page: they work out the viewer afresh.
        _this_run.in_page = False
        _this_run.viewer = None


@st.cache_resource
def _store(data_dir: str) -> Store:
    store = Store(data_dir)
    # Once per process, when it starts serving: delete what the retention periods make due.
    retention.run_at_start(store)
    return store


def config() -> Config:
    """The settings from the environment and the settings file; the threshold in force is
    :func:`threshold` (an admin may have saved another in the data folder)."""
    return load_config()


def threshold() -> int:
    """The anonymity threshold in force (:meth:`analytics.store.Store.threshold`)."""
    return store().threshold()


def store() -> Store:
    """The data folder's store, shared by all sessions of this process."""
    return _store(str(load_config().data_dir))


# ---------------------------------------------------------------- access and audit


def _secrets_table(name: str) -> dict | None:
    try:
        table = st.secrets.get(name)
    except FileNotFoundError:  # no secrets.toml at all: sign-in is not configured
        return None
    return None if table is None else dict(table)


# A page run asks who the viewer is many times; within one run of app.py's page the
# answer is worked out once for each data version (Streamlit runs each session's
# script in its own thread, so the answer is kept per thread).
_this_run = threading.local()


def viewer() -> access.Viewer:
    """Who uses this session and what they may do, worked out afresh on every run.

    Without sign-in, whether the data is the demo decides what another
    machine sees; an empty folder gets the demo on its first page run.
    """
    if not getattr(_this_run, "in_page", False):
        return _resolve_viewer()
    version = store().version()
    if _this_run.viewer is None or _this_run.viewer[0] != version:
        _this_run.viewer = (version, _resolve_viewer())
    return _this_run.viewer[1]


def _resolve_viewer() -> access.Viewer:
    current = store()
    demo_data = current.is_demo() or (not current.has_data() and load_config().demo_on_empty)
    return access.resolve(
        _secrets_table("auth"),
        _secrets_table("roles"),
        st.user.to_dict(),
        _brought_token(),
        demo_data,
        _secrets_table("units"),
    )


def _brought_token() -> bool:
    """Whether this session's browser brought the start token (see ``access.TOKEN_ENV``).

    The token is kept in the session, not in the address: it is taken out of the
    address bar at once, so it is not bookmarked, shared or shown on a projector.
    """
    if st.session_state.get("_local_user"):
        return True
    given = st.query_params.get(access.TOKEN_PARAM)
    if given is None:
        return False
    del st.query_params[access.TOKEN_PARAM]
    local = access.brought_token(given, os.environ.get(access.TOKEN_ENV))
    st.session_state["_local_user"] = local
    return local


def allowed(permission: str) -> bool:
    return viewer().can(permission)


def require(permission: str) -> None:
    """Stop the run unless the viewer has ``permission`` (checked where an action happens)."""
    if not allowed(permission):
        st.error(t("access_denied"), icon=":material/block:")
        st.stop()


def who() -> str:
    """Who an action is recorded as: the signed-in e-mail, or «lokal bruker» without sign-in."""
    return viewer().who


def _audit_download(name_of_file: str) -> None:
    """A table downloaded: the one entry the app writes itself (a write operation audits its own)."""
    store().append_audit(who(), "download", name_of_file)


def audit_sign_in(current: access.Viewer) -> None:
    """One audit entry per signed-in session."""
    if current.mode == "signed_in" and not st.session_state.get("_audited_sign_in"):
        store().append_audit(current.who, "sign_in", ", ".join(current.roles) or t("access_no_role_short"))
        st.session_state["_audited_sign_in"] = True


def roles() -> dict[str, tuple[str, ...]]:
    """The ``[roles]`` table (empty without sign-in)."""
    return access.check_roles(_secrets_table("roles") or {}) if _secrets_table("auth") else {}


def save_setting(changes: dict, detail: str) -> None:
    """Store changed settings in the data folder (audited); admin only, checked here."""
    require(access.SETTINGS)
    store().save_settings(changes, who(), detail)


def apply_threshold(threshold: int) -> None:
    """Show every published round under ``threshold`` and save it (audited); admin only, checked here.

    Raises :class:`analytics.store.PublishedChangeRefused` when readers who
    saw a round under its old threshold could work out a hidden cell.
    """
    require(access.SETTINGS)
    store().apply_threshold(threshold, who())


def require_data(banner: bool = True) -> Store:
    """The store, with data in it: writes the demo on first start if allowed,
    otherwise says how to import and stops the page. Stops too when the
    viewer may not see the data (imported data reached from another machine
    without sign-in). Without ``banner`` (the presentation view, which says so
    in its own line) the demo banner is left out."""
    require(access.VIEW)
    current = store()
    if not current.has_data():
        if config().demo_on_empty:
            with st.spinner(t("writing_demo")):
                load_demo(current)
        else:
            st.info(t("no_data", data_dir=current.data_dir))
            st.stop()
    require(access.VIEW)
    if current.is_demo() and banner:
        text = t("demo_banner", municipality=framework().municipality)
        if viewer().mode in ("local", "demo"):
            text = f"**{t('demo_no_sign_in')}.** {text}"
        st.info(text, icon=":material/science:")
    return current


def thresholds() -> tuple:
    """The threshold in force and each published round's own (as readers see it), hashable for caching."""
    return store().thresholds()


@st.cache_data(show_spinner=False)
def _culture_cells(data_dir: str, version: int, thresholds: tuple) -> pd.DataFrame:
    in_force, rounds = thresholds
    return suppression.suppress(_store(data_dir).query("culture_cells"), in_force, dict(rounds))


def culture_cells() -> pd.DataFrame:
    """Every pre-aggregated culture cell with suppression applied (the only form pages see).

    One suppression over all slices and measures, so that no combination of
    views lets a hidden figure be worked out.
    """
    current = store()
    return _culture_cells(str(current.data_dir), current.version(), thresholds())


@st.cache_data(show_spinner=False)
def _drivers(data_dir: str, version: int, threshold: int, least: int, framework_dir: str) -> list[dict]:
    return driver_analysis.from_store(_store(data_dir), threshold, least, framework())


def drivers() -> list[dict]:
    """The relation of each indicator with the strategy's outcome (:mod:`analytics.measures.drivers`)."""
    current = store()
    settings_now = config()
    return _drivers(
        str(current.data_dir),
        current.version(),
        current.threshold(),
        settings_now.driver_min_respondents,
        str(settings_now.framework_dir),
    )


@st.cache_data(show_spinner=False)
def _benchmarks_table(data_dir: str, version: int, framework_dir: str) -> pd.DataFrame:
    return conform("benchmarks", _store(data_dir).table("benchmarks"))


def benchmark_section(round_label: str, group: str | None, key: str, index_only: bool = False) -> None:
    """Figures from others beside ours (:mod:`analytics.measures.benchmarks`): published ones with their
    source and year, and the network of municipalities that shared theirs."""
    current = store()
    table = _benchmarks_table(str(current.data_dir), current.version(), str(config().framework_dir))
    if index_only:
        table = table[table["measure"] == culture.INDEX]
    fw = framework()
    shown = culture_cells()
    published = benchmark_context.published(fw, table, shown, round_label, group)
    network = benchmark_context.network(fw, table, shown, round_label, group)
    st.caption(t("benchmarks_intro"))
    if published.empty and not network:
        st.info(t("benchmarks_none"))
        return
    if not published.empty:
        st.dataframe(published, hide_index=True, key=f"{key}_published")
    if network:
        st.subheader(t("network_title"))
        takeaway(benchmarks_text.network_takeaway(fw, network))
        st.dataframe(
            benchmarks_text.network_table(fw, network, round_label), hide_index=True, key=f"{key}_network"
        )


def has_survey() -> bool:
    """True once readers see a survey round (one is stored and published)."""
    return store().has_published_survey()


def culture_targets() -> tuple[pd.DataFrame | None, str | None]:
    """Leadership's targets (saved in the app, else the targets file), or ``None`` and a
    bokmål message when they are not usable."""
    try:
        stored = settings.stored_targets(store().settings())
        return (stored if stored is not None else targets.load_targets()), None
    except targets.TargetsError as exc:
        return None, str(exc)


@st.cache_data(show_spinner=False)
def _project_summaries(data_dir: str, version: int) -> list[dict]:
    tables = _portfolio_tables(data_dir, version)
    return portfolio.project_summaries(
        *(tables[name] for name in ("projects", "assessments", "phases", "actors"))
    )


def project_summaries() -> list[dict]:
    """Each project's latest fundament assessment (as the CLI's ``projects``)."""
    current = store()
    return _project_summaries(str(current.data_dir), current.version())


def unit_map() -> pd.DataFrame:
    """The unit table (alias, unit, valid_from, valid_to) for editing."""
    table = store().table("unit_map")
    return table if not table.empty else conform("unit_map", pd.DataFrame())


def invited_table() -> pd.DataFrame:
    """The invited table (round, unit, group, invited, source) for editing, sorted."""
    table = conform("invited", store().table("invited"))
    return table.sort_values(["round", "group", "unit"], na_position="first").reset_index(drop=True)


def header_map() -> pd.DataFrame:
    """The remembered column mappings (form, header, target) for editing."""
    table = store().table("header_map")
    return table if not table.empty else conform("header_map", pd.DataFrame())


# Values from files and users (unit and project names, descriptions, column headers,
# cell values) are shown as text, never as markdown: these helpers render them as
# escaped HTML, so no link, image, heading, colour or emoji can come from data.


def _escaped_html(template: str, **values: str) -> None:
    """Raw HTML from a fixed template written in the code, with every value escaped.

    The one place where text from data reaches ``st.html``: nothing in a value
    can become a tag, a link or markup.
    """
    st.html(template.format(**{name: html.escape(str(value)) for name, value in values.items()}))


def takeaway(sentence: str) -> None:
    """The one-sentence reading of a chart, shown above it in bold (as text, not markdown)."""
    _escaped_html('<p class="takeaway"><strong>{sentence}</strong></p>', sentence=sentence)


def heading(text: str) -> None:
    """A second-level heading whose words came from data (a project's name)."""
    _escaped_html('<h2 class="data-heading">{text}</h2>', text=text)


def paragraph(text: str) -> None:
    """A paragraph of text from data (a description), line breaks kept."""
    _escaped_html('<p class="data-text">{text}</p>', text=text)


def bullet_list(lines: list[str]) -> None:
    """Lines that quote data (an import report) as a bulleted list of plain text."""
    template = (
        '<ul class="data-list">' + "".join(f"<li>{{line{i}}}</li>" for i in range(len(lines))) + "</ul>"
    )
    _escaped_html(template, **{f"line{i}": line for i, line in enumerate(lines)})


def table(frame: pd.DataFrame) -> None:
    """A static table (``st.table``: screen readers read it) whose text is shown as written.

    ``st.table`` renders every header and cell as markdown, so each text goes
    through :func:`~analytics.core.text.literal`; numbers stay numbers.
    """
    shown = frame.rename(columns=lambda c: literal(c) if isinstance(c, str) else c)
    for column in shown.columns:
        if shown[column].dtype == object or pd.api.types.is_string_dtype(shown[column]):
            shown[column] = shown[column].map(lambda v: literal(v) if isinstance(v, str) else v)
    st.table(shown, hide_index=True)


def file_upload(label: str, key: str, multiple: bool = False):
    """``st.file_uploader`` that refuses a file name with a NUL byte with a message.

    No ``type=``: with it, Streamlit checks the name before the page runs and
    shows its English error page for such a name; the importer reads a file's
    type from its content, not its name, anyway.
    """
    value = st.file_uploader(label, accept_multiple_files=multiple, key=key)
    files = value if multiple else [value] if value is not None else []
    if any("\0" in f.name for f in files):
        st.error(t("upload_bad_name"), icon=":material/block:")
        return [] if multiple else None
    return value


def alert(kind: str, message: str, icon: str | None = None) -> None:
    """An error, warning, info or success box whose message quotes data, shown literally."""
    getattr(st, kind)(literal(message), icon=icon)


def downloads(frame: pd.DataFrame, name: str, key: str) -> None:
    """CSV and Excel download buttons for a table (formula-safe); each download is audited."""
    if not allowed(access.VIEW):
        return
    csv, xlsx = _files_of(frame, name)
    left, right = st.columns(2)
    for column, name_of_file, data, mime, label, suffix in (
        (left, file_name(name, "csv"), csv, "text/csv", t("download_csv"), "csv"),
        (right, file_name(name, "xlsx"), xlsx, XLSX_MIME, t("download_xlsx"), "xlsx"),
    ):
        column.download_button(
            label,
            data,
            name_of_file,
            mime,
            key=f"{key}_{suffix}",
            on_click=_audit_download,
            args=(name_of_file,),
        )


# A table's download files by the table object itself, while it lives. Most tables are
# objects shared by every session (a cached view, such as the overview's), and hashing
# their contents for the cache below on every run was half of what a crowded meeting
# room cost the server. An entry goes when its table does, so an id is never reused.
_files_by_table: dict[tuple[int, str], tuple[bytes, bytes]] = {}
_files_lock = threading.Lock()


def _files_of(frame: pd.DataFrame, name: str) -> tuple[bytes, bytes]:
    key = (id(frame), name)
    with _files_lock:
        files = _files_by_table.get(key)
    if files is None:
        files = _download_files(frame, name)
        with _files_lock:
            if key not in _files_by_table:
                _files_by_table[key] = files
                weakref.finalize(frame, _files_by_table.pop, key, None)
    return files


@st.cache_data(show_spinner=False, max_entries=500)
def _download_files(frame: pd.DataFrame, name: str) -> tuple[bytes, bytes]:
    # Writing a workbook costs more than the rest of a page run. The same tables are
    # offered on every run and to every session, so each is written once. (Files made
    # only when a button is pressed were lost now and then: the rerun that follows a
    # press can replace the file the browser is still fetching.)
    return to_csv_bytes(frame), to_xlsx_bytes({name: frame})


def numbers_behind(frame: pd.DataFrame, name: str, key: str) -> None:
    """The table behind a chart, with CSV and Excel downloads (formula-safe).

    A static HTML table (:func:`table`), because screen readers can read it,
    unlike the canvas of ``st.dataframe``.
    """
    with st.expander(t("numbers_behind")):
        table(shown_numbers(frame))
        downloads(frame, name, key)


def shown_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as a reader sees it: decimal numbers with a decimal comma (two decimals, whole
    numbers without), missing values as «–». The downloads keep the numbers."""

    def cell(value):
        if isinstance(value, float):
            if value != value:
                return MISSING
            return fmt_number(value, 0 if value.is_integer() else 2)
        return MISSING if value is None else value

    return frame.map(cell)


# ---------------------------------------------------------------- project portfolio and instruments


@st.cache_data(show_spinner=False)
def _portfolio_tables(data_dir: str, version: int) -> dict[str, pd.DataFrame]:
    return portfolio.read_tables(_store(data_dir))


def portfolio_tables() -> dict[str, pd.DataFrame]:
    """The project and instrument tables, typed by their specs (empty when not imported)."""
    current = store()
    return _portfolio_tables(str(current.data_dir), current.version())


def padriver_name(project_id: str) -> str | None:
    """The pådriver's name (personal data): only for a viewer allowed to see it, else ``None``."""
    if not allowed(access.PERSONAL):
        return None
    return portfolio.padriver_of(portfolio_tables()["projects"], project_id)


def template_downloads(kind: str) -> None:
    """The import templates of ``kind`` (projects or events): one workbook and one CSV per table."""
    st.markdown(t("templates_intro", kind=kind))
    st.download_button(
        t("template_xlsx"),
        templates.template_xlsx(kind),
        f"mal_{kind}.xlsx",
        XLSX_MIME,
        key=f"template_{kind}_xlsx",
    )
    columns = st.columns(len(KIND_TABLES[kind]))
    for column, name in zip(columns, KIND_TABLES[kind]):
        column.download_button(
            t("template_csv", table=name),
            templates.template_csv(name),
            f"mal_{name}.csv",
            "text/csv",
            key=f"template_{name}_csv",
        )
    st.dataframe(
        templates.explanation(kind), hide_index=True, placeholder=MISSING, key=f"template_{kind}_explanation"
    )


# ---------------------------------------------------------------- follow-up measures (tiltak)


@st.cache_data(show_spinner=False)
def _actions_table(data_dir: str, version: int) -> pd.DataFrame:
    return conform("actions", _store(data_dir).table("actions"))


def actions_table() -> pd.DataFrame:
    """The stored follow-up measures, typed by their spec (empty when there are none)."""
    current = store()
    return _actions_table(str(current.data_dir), current.version())


@st.cache_data(show_spinner=False)
def _action_records(data_dir: str, version: int, thresholds: tuple) -> list[dict]:
    current = _store(data_dir)
    surveyed = current.has_published_survey()
    shown = _culture_cells(data_dir, version, thresholds) if surveyed else None
    return actions.action_records(_actions_table(data_dir, version), shown)


def action_records() -> list[dict]:
    """Each measure with its effect next round and its comparison group (as the CLI's ``actions``)."""
    current = store()
    return _action_records(str(current.data_dir), current.version(), thresholds())


def actions_effect_section(key: str) -> None:
    """«Tiltak og effekt»: status counts, the takeaway and the effect of every measure."""
    current = store()
    effect = _actions_effect(str(current.data_dir), current.version(), thresholds())
    st.header(t("actions_effect_title"))
    if effect is None:
        st.info(t("actions_empty"))
        return
    counts, sentence, effects = effect
    st.markdown(t("actions_status_line", counts=", ".join(f"{s} {n}" for s, n in counts.items())))
    takeaway(sentence)
    st.caption(t("actions_association"))
    if not allowed(access.UNITS):  # the rows name units: a politician gets the counts above only
        st.caption(t("actions_units_only"))
        return
    table(effects)
    downloads(effects, "tiltak_og_effekt", key)


# Shared by every session, as the overview is: the section is on the overview.
@st.cache_resource(show_spinner=False, max_entries=8)
def _actions_effect(data_dir: str, version: int, thresholds: tuple) -> tuple[dict, str, pd.DataFrame] | None:
    records = _action_records(data_dir, version, thresholds)
    if not records:
        return None
    return (
        actions.status_counts(_actions_table(data_dir, version)),
        actions_text.effects_takeaway(records),
        actions_text.effects_table(records, actions_text.target_labels(framework())),
    )


# ---------------------------------------------------------------- phones and tablets

# One layout for every width, decided in the browser: the server does not know
# the screen. Below 700 px the heat map gives way to sorted bars (containers
# whose keys start wide_only / narrow_only), tables scroll inside themselves, and the
# page keeps its content inside the screen.
RESPONSIVE_CSS = """
[class*="st-key-narrow_only"] {display: none;}
[data-testid="stTable"], [data-testid="stMarkdownContainer"] table {display: block; overflow-x: auto;
  max-width: 100%;}
@media (max-width: 700px) {
  [class*="st-key-wide_only"] {display: none;}
  [class*="st-key-narrow_only"] {display: flex;}
  [data-testid="stMainBlockContainer"] {padding-left: 0.75rem; padding-right: 0.75rem;}
}
"""


# Streamlit writes a few texts of its own in English and has no setting for them: the
# upload box, the skip link, the help buttons' names, the page language and the dialog for an
# address that is no page (or not one of the visitor's). One script, run
# once per browser tab, puts bokmål in their place whenever Streamlit draws them; the
# elements keep their roles, so a screen reader names them in bokmål.
BOKMAL_JS = """
<script>
(() => {
  if (window.innobaroBokmal) return;
  window.innobaroBokmal = true;
  const words = %(words)s;
  const texts = [
    [/^Drag and drop files? here$/, words.drop],
    [/^(?:Limit )?(\\d+)\\s?MB per file(.*)$/, (_, mb, rest) => words.limit.replace("{mb}", mb) + rest],
    [/^Browse files$/, words.browse],
    [/^Upload$/, words.upload],
    [/^Skip to main content$/, words.skip],
    [/^Page not found$/, words.not_found],
    [/^(?:You have requested page |The page that you have requested ).*Running the app's main page\\.$/,
      words.not_found_text],
  ];
  const labels = [
    [/^Help for (.*)$/, (_, name) => words.help.replace("{name}", name)],
    [/^Link to heading$/, words.heading_link],
    [/^Download plot as a PNG$/, words.png],
    [/^Fullscreen$/, words.fullscreen],
  ];
  // Only the few places Streamlit and Plotly write English are looked at, at most once a frame.
  const places = '[data-testid="stFileUploaderDropzone"], a[href="#stMain"], [role="dialog"]';
  function fix() {
    document.documentElement.lang = "nb";
    for (const place of document.querySelectorAll(places)) {
      const walker = document.createTreeWalker(place, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.nodeValue.trim();
        for (const [pattern, to] of texts) {
          if (pattern.test(text)) node.nodeValue = text.replace(pattern, to);
        }
      }
    }
    for (const element of document.querySelectorAll("[aria-label], [data-title]")) {
      for (const attribute of ["aria-label", "data-title"]) {
        const label = element.getAttribute(attribute);
        for (const [pattern, to] of labels) {
          if (label && pattern.test(label)) element.setAttribute(attribute, label.replace(pattern, to));
        }
      }
    }
  }
  let pending = false;
  fix();
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      fix();
    });
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
})();
</script>
"""


# The catalogue texts the script above puts in place of Streamlit's and Plotly's English ones
# (name in the script -> key in analytics.core.text; «{mb}» and «{name}» are filled in by the script).
BOKMAL_WORDS = {
    "drop": "streamlit_drop",
    "limit": "streamlit_limit",
    "browse": "streamlit_browse",
    "upload": "streamlit_upload",
    "skip": "streamlit_skip",
    "help": "streamlit_help",
    "heading_link": "streamlit_heading_link",
    "png": "streamlit_png",
    "fullscreen": "streamlit_fullscreen",
    "not_found": "streamlit_page_not_found",
    "not_found_text": "streamlit_page_not_found_text",
}


def _catalogue_json(keys: dict[str, str]) -> str:
    """Texts of the message catalogue (never a value from data) as a JSON object for a script."""
    return json.dumps({name: TEXT[key] for name, key in keys.items()}, ensure_ascii=False)


def bokmal_everywhere() -> None:
    """Bokmål for Streamlit's own English texts (see :data:`BOKMAL_JS`), once per run."""
    st.html(BOKMAL_JS % {"words": _catalogue_json(BOKMAL_WORDS)}, unsafe_allow_javascript=True)


def responsive_style() -> None:
    """The layout rules for phones and tablets, once per run (from the router)."""
    st.html(f"<style>{RESPONSIVE_CSS}</style>")


# ---------------------------------------------------------------- Møtemodus

# Large type and full contrast for a projector: the headline scales with the
# window, so it stays readable from the back of the room and fits on a phone,
# where the labels of a line's points are smaller so that neighbours do not collide.
MEETING_CSS = """
.st-key-mote_slide h1 {font-size: clamp(1.6rem, 3.2vw, 3.2rem); line-height: 1.2; color: #000;
  font-weight: 700; padding-top: 0;}
.st-key-mote_slide p {font-size: clamp(1rem, 1.3vw, 1.35rem); color: #111;}
.st-key-mote_slide button p {font-size: 1.25rem; font-weight: 600;}
@media (max-width: 700px) {
  .st-key-mote_slide .js-plotly-plot .textpoint text {font-size: 13px !important;}
}
"""


def meeting_style() -> None:
    """The meeting view's large, high-contrast type."""
    st.html(f"<style>{MEETING_CSS}</style>")


# The presentation view: the slide alone. Streamlit's header (with the menu), toolbar and
# decoration are hidden, and the page uses the whole window.
PRESENTATION_CSS = """
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {display: none !important;}
[data-testid="stMainBlockContainer"], .block-container {padding: 0.75rem 2.5rem 0.5rem !important;
  max-width: 100% !important;}
.st-key-mote_slide h1 {font-size: clamp(1.7rem, 2.5vw, 3rem);}
.st-key-mote_slide p {font-size: clamp(1.05rem, 1.15vw, 1.4rem);}
"""

# Keys of a keyboard and of a presenter's clicker (which sends Page Up/Down) move between
# slides by pressing the slide's own buttons, so the address follows as it does on a click;
# Escape leaves the presentation, F asks the browser for full screen. Registered once per
# browser tab, and only active while the address says the presentation view is on.
PRESENTATION_KEYS = """
<script>
(() => {
  if (window.innobaroPresentationKeys) return;
  window.innobaroPresentationKeys = true;
  const buttons = {ArrowRight: "mote_neste", ArrowDown: "mote_neste", PageDown: "mote_neste",
    " ": "mote_neste", ArrowLeft: "mote_forrige", ArrowUp: "mote_forrige", PageUp: "mote_forrige",
    Escape: "mote_avslutt"};
  document.addEventListener("keydown", (event) => {
    if (new URLSearchParams(window.location.search).get("visning") !== "presentasjon") return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest && event.target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.key === "f" || event.key === "F") {
      if (!document.fullscreenElement) document.documentElement.requestFullscreen().catch(() => {});
      return;
    }
    const button = buttons[event.key] && document.querySelector(`.st-key-${buttons[event.key]} button`);
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  });
})();
</script>
"""


def presentation_style() -> None:
    """The slide alone, moved by arrow keys, Page Up/Down (a clicker) and left with Escape."""
    st.html(f"<style>{PRESENTATION_CSS}</style>")
    st.html(PRESENTATION_KEYS, unsafe_allow_javascript=True)


def _slide_tables(data_dir: str, version: int, thresholds: tuple) -> inputs.Sources:
    surveyed = _store(data_dir).has_published_survey()
    return inputs.Sources(
        _culture_cells(data_dir, version, thresholds) if surveyed else None,
        _project_summaries(data_dir, version),
        _portfolio_tables(data_dir, version),
        _action_records(data_dir, version, thresholds),
        participation=_participation(data_dir, version, thresholds) if surveyed else [],
        benchmarks=_benchmarks_table(data_dir, version, str(config().framework_dir)),
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _participation(data_dir: str, version: int, thresholds: tuple) -> list[dict]:
    current = _store(data_dir)
    cells = _culture_cells(data_dir, version, thresholds)
    # A rate is hidden when fewer were invited than the strictest threshold readers see a round under.
    in_force, rounds = thresholds
    threshold = max([in_force, *dict(rounds).values()])
    return inputs.participation_records(cells, current.table("invited"), threshold, current.settings())


# The flag limit is a key, not read inside: saving it does not make a new data version.
@st.cache_data(show_spinner=False, max_entries=8)
def _every_slice(data_dir: str, version: int, thresholds: tuple, limit: int) -> list[dict]:
    cells = _culture_cells(data_dir, version, thresholds)
    # A rate is hidden when fewer were invited than the strictest threshold readers see a round under.
    in_force, rounds = thresholds
    threshold = max([in_force, *dict(rounds).values()])
    return participation.every_slice(cells, _store(data_dir).table("invited"), threshold, limit)


def participation_records() -> list[dict]:
    """Response rates per round, overall and per unit, group and unit x group (suppressed)."""
    current = store()
    return _every_slice(str(current.data_dir), current.version(), thresholds(), flag_limit())


def flag_limit() -> int:
    """The response rate (percent) under which a rate is flagged (saved on *Administrasjon*)."""
    return settings.flag_limit(store().settings())


def slide_tables() -> inputs.Sources:
    """The cached, suppressed tables slides read, without the goals scorecard (enough for
    a slide that shows no goals)."""
    current = store()
    return _slide_tables(str(current.data_dir), current.version(), thresholds())


# Kept as the objects themselves, not copies: the page only lays them out, and a
# room of sessions opening the overview at once shares one computation.
@st.cache_resource(show_spinner=False, max_entries=8)
def _overview(data_dir: str, version: int, thresholds: tuple) -> Overview:
    return build_overview(_slide_tables(data_dir, version, thresholds))


def overview() -> Overview:
    """The overview page's figures, takeaways and tables for the stored data."""
    current = store()
    return _overview(str(current.data_dir), current.version(), thresholds())


def meeting_sources() -> inputs.Sources:
    """Every slide's inputs: the cached, suppressed tables and the goals scorecard."""
    return goals.with_scorecard(framework(), slide_tables(), store().settings())


def meeting_slides(chosen: meeting.Meeting, sources: inputs.Sources) -> list[meeting.Slide]:
    """The meeting's slides this viewer may see: without unit views, no slide with unit figures."""
    return meeting.build_slides(chosen, sources, allowed(access.UNITS))


def save_meeting(chosen: meeting.Meeting) -> None:
    """Store a composed meeting (audited); leadership only, checked here."""
    if not allowed(access.LEAD):
        raise meeting.MeetingError(t("access_denied"))
    meeting.save_meeting(store(), chosen, who())


def report(
    fmt: str, chosen: meeting.Meeting, slides: list[meeting.Slide], sources: inputs.Sources
) -> Callable[[], bytes]:
    """A meeting's report in ``fmt``, to be made when the download button is pressed, and
    audited then. Who asks is read now: the download runs outside the page's script run."""
    current, by = store(), who()

    def build() -> bytes:
        return reports.make(current, fmt, chosen, slides, sources, by)

    return build


def my_unit_view(unit: str):
    """Min enhet for one of the viewer's own units (never another: the caller passes
    ``viewer().units`` only)."""
    from analytics.present import my_unit

    if unit not in viewer().units:
        st.error(t("access_denied"), icon=":material/block:")
        st.stop()
    cells = culture_cells()
    fw = framework()
    target_table, _ = culture_targets()
    measures = actions_table()
    calls = actions.calls_for_action(cells, fw.indicator_ids, target_table, measures)
    return my_unit.unit_view(cells, unit, fw, drivers(), measures, calls, participation_records())


def my_unit_report(fmt: str, view) -> Callable[[], bytes]:
    """The unit's one slide as a PDF or PowerPoint for the staff meeting, made and audited
    when the download button is pressed."""
    from analytics.present import my_unit

    current, by = store(), who()
    chosen = my_unit.report_meeting(view)
    slide = my_unit.slide(view, t("my_unit_municipality"))
    sources = inputs.Sources(culture_cells(), [], {})

    def build() -> bytes:
        return reports.make(current, fmt, chosen, [slide], sources, by, one_page=True)

    return build


def goal_scorecard() -> tuple[list[dict], list[str]]:
    """The goals and strategies scorecard, and bokmål notes on targets files that could not be used."""
    _, _, notes = goals.goal_targets(framework(), store().settings())
    return meeting_sources().goals, notes
