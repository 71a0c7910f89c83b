"""Published rounds: readers see a survey round only once it is published, and a published round
changes only when the change itself passes suppression (issue 10, finding 4).

The exports are generated here by seeded code: one row per employee, the unit
in ``Enhet``, one column per statement of the codebook. A respondent's answers
depend only on the seed and their id, so a later cumulative export repeats the
earlier respondents exactly.
"""

from __future__ import annotations

import itertools
import json
import random

import numpy as np
import pandas as pd
import pytest

from analytics.core import suppression
from analytics.core.framework import framework
from analytics.core.text import literal, t
from analytics.ingest import ImportRefused, import_bytes, undo_import
from analytics.ingest.demo import write_canonical_survey_csv
from analytics.measures import culture
from analytics.store import PublishedChangeRefused, Store, publication
from tests.conftest import ROLE_MEMBERS, app_test, run_cli, sign_in, snapshot

ROUND, GROUP = "2025", "ansatte"
THRESHOLD = 5
ANALYST, LEADER = ROLE_MEMBERS["analytiker"][0], ROLE_MEMBERS["leder"][0]


def _answers(seed, respondent: str, items) -> list[int]:
    rng = random.Random(f"{seed}/{respondent}")
    return [rng.randint(1, 5) for _ in items]


def export(units: dict[str, int], seed: int = 1, edited: frozenset = frozenset(), first: int = 0) -> bytes:
    """A survey export: ``units[u]`` employees of unit ``u`` (ids ``u-0``, ``u-1`` …); the
    respondents in ``edited`` answer differently from their earlier self."""
    items = [i.item_id for i in framework().items_for(GROUP)]
    lines = ["ID;Enhet;" + ";".join(items)]
    for unit, size in units.items():
        for k in range(first, first + size):
            who = f"{unit}-{k}"
            answers = _answers((seed, "edit") if who in edited else seed, who, items)
            lines.append(f"{who};{unit};" + ";".join(map(str, answers)))
    return "\n".join(lines).encode("utf-8")


def _write(tmp_path, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _cli_import(folder, path, *extra):
    return run_cli(
        "import",
        str(path),
        "--data-dir",
        str(folder),
        "--round",
        ROUND,
        "--group",
        GROUP,
        "--form",
        "m",
        *extra,
    )


def _summary(folder, *extra) -> list[dict]:
    result = run_cli("summary", "--data-dir", str(folder), "--json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _overall(records: list[dict], indicator: str) -> dict:
    return next(
        r for r in records if r["indicator"] == indicator and r["unit"] is None and r["group"] is None
    )


# The issue's units: 27 employees in three units, then U1's four people in the next export.
BEFORE = {"U2": 9, "U3": 9, "U4": 9}
WITH_U1 = {**BEFORE, "U1": 4}


def test_publish_and_withdraw_on_the_command_line_decide_what_readers_see(tmp_path):
    folder = tmp_path / "store"
    assert _cli_import(folder, _write(tmp_path, "eksport.csv", export(BEFORE))).returncode == 0
    assert _summary(folder) == []
    everything = _summary(folder, "--include-unpublished")
    assert {r["round"] for r in everything} == {ROUND} and {r["published"] for r in everything} == {False}
    assert _overall(everything, "index")["n"] == 27
    rounds = json.loads(run_cli("rounds", "--data-dir", str(folder), "--json").stdout)
    assert rounds == [
        {
            "round": ROUND,
            "respondents": 27,
            "answers": 27 * 18,
            "published": False,
            "withdrawn": False,
            "answers_deleted": False,
        }
    ]

    published = run_cli("publish", ROUND, "--data-dir", str(folder), "--confirm-warnings")
    assert published.returncode == 0 and published.stdout.strip() == t("publish_done", round=ROUND)
    shown = _summary(folder)
    assert _overall(shown, "index")["n"] == 27 and "published" not in shown[0]
    assert {r["published"] for r in _summary(folder, "--include-unpublished")} == {True}
    again = run_cli("publish", ROUND, "--data-dir", str(folder))
    assert again.returncode == 0 and again.stdout.strip() == t("publish_already", round=ROUND)

    unknown = run_cli("publish", "2099", "--data-dir", str(folder))
    assert (
        unknown.returncode == 2
        and "Runden «2099» finnes ikke i undersøkelsen. Runder: «2025»." in unknown.stderr
    )
    assert "Traceback" not in unknown.stderr

    withdrawn = run_cli("withdraw", ROUND, "--data-dir", str(folder))
    assert withdrawn.returncode == 0 and withdrawn.stdout.strip() == t("withdraw_done", round=ROUND)
    assert _summary(folder) == []
    audit = json.loads(run_cli("audit", "--data-dir", str(folder), "--json").stdout)
    # No invited numbers for the round: publishing needed the confirmation, which is audited.
    assert [(e["action"], e["detail"]) for e in audit[:3]] == [
        ("withdraw", "runde 2025 trukket tilbake (ny versjon 3)"),
        (
            "publish_confirmed",
            t(
                "audit_publish_confirmed_detail",
                round=ROUND,
                warnings=t("dry_run_warn_invited_missing").rstrip("."),
            ),
        ),
        ("publish", "runde 2025 publisert (ny versjon 2)"),
    ]


def test_readers_commands_and_pages_see_a_new_round_only_once_it_is_published(
    demo_copy, tmp_path, monkeypatch
):
    responses = Store(demo_copy).table("responses")
    responses = responses[responses["round"] == "2024"]
    path = tmp_path / "ansatte-2025.csv"
    write_canonical_survey_csv(responses.assign(round="2025"), "2025", GROUP, path)
    assert run_cli("import", str(path), "--data-dir", str(demo_copy)).returncode == 0

    def goal_periods():
        goals = json.loads(run_cli("goals", "--json", "--data-dir", str(demo_copy)).stdout)
        return {m["period"] for g in goals for m in g["measures"] if m["measure"].startswith("culture:")}

    assert "2025" not in {r["round"] for r in _summary(demo_copy)}
    assert "2025" in {r["round"] for r in _summary(demo_copy, "--include-unpublished")}
    assert "2025" not in goal_periods()

    at = app_test(demo_copy, monkeypatch, ANALYST).run()
    at.switch_page("pages/oversikt.py").run()
    assert "Kulturindeks 2024" in {m.label for m in at.metric}
    at.switch_page("pages/innovasjonskultur.py").run()
    assert "2025" not in at.selectbox(key="culture_round").options
    at.switch_page("pages/historikk.py").run()
    assert literal(t("publish_waiting", rounds="2025")) in [i.value for i in at.info]

    at.switch_page("pages/importer.py").run()
    (table,) = [df.value for df in at.dataframe if t("col_answers") in df.value.columns]
    row = table[table[t("col_round")] == "2025"].iloc[0]
    assert row[t("col_status")] == t("publish_state_unpublished")
    assert (
        row[t("col_respondents")]
        == responses[(responses["round"] == "2024") & (responses["group"] == GROUP)][
            "respondent_id"
        ].nunique()
    )
    assert at.selectbox(key="publish_round").value == "2025"
    # Only employees answered in 2025 and no invited numbers were imported: warnings to confirm.
    assert at.button(key="publish_button").disabled
    at.checkbox(key="publish_confirm").check().run()
    at.button(key="publish_button").click().run()
    assert not at.exception
    assert literal(t("publish_done", round="2025")) in [s.value for s in at.success]
    last = Store(demo_copy).audit_log()[-2:]
    assert [(e["who"], e["action"]) for e in last] == [(ANALYST, "publish"), (ANALYST, "publish_confirmed")]

    at.switch_page("pages/oversikt.py").run()
    assert "Kulturindeks 2025" in {m.label for m in at.metric}
    at.switch_page("pages/innovasjonskultur.py").run()
    assert "2025" in at.selectbox(key="culture_round").options
    assert "2025" in {r["round"] for r in _summary(demo_copy)}
    assert "2025" in goal_periods()

    at.switch_page("pages/importer.py").run()
    at.selectbox(key="publish_round").set_value("2025").run()
    assert at.button(key="publish_button").label == t("withdraw_button")
    at.button(key="publish_button").click().run()
    at.switch_page("pages/oversikt.py").run()
    assert "Kulturindeks 2024" in {m.label for m in at.metric}


def test_publishing_needs_the_import_permission_where_it_happens(demo_copy, tmp_path, monkeypatch):
    at = app_test(demo_copy, monkeypatch, LEADER).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/importer.py")  # a leader's menu has no import page

    at = app_test(demo_copy, monkeypatch, ANALYST).run()
    at.switch_page("pages/importer.py").run()
    at.selectbox(key="publish_round").set_value("2024").run()
    # The analyst's role is taken away while the page is open: the click is refused.
    sign_in(at, LEADER)
    before = snapshot(demo_copy)
    at.button(key="publish_button").click().run()
    assert not at.exception
    assert "publish_button" not in [b.key for b in at.button]
    assert [title.value for title in at.title] != [t("page_import")]
    assert snapshot(demo_copy) == before and Store(demo_copy).published_rounds()[-1] == "2024"


def test_the_issues_cumulative_export_is_refused_on_a_published_round_and_allowed_before(tmp_path):
    first = _write(tmp_path, "eksport-1.csv", export(BEFORE))
    second = _write(tmp_path, "eksport-2.csv", export(WITH_U1))
    items = [i.item_id for i in framework().items_for(GROUP)]
    u1 = np.array([_answers(1, f"U1-{k}", items) for k in range(4)])

    # Unpublished: the analyst may import both; this is the pair that gave U1 away.
    draft = tmp_path / "utkast"
    assert _cli_import(draft, first).returncode == 0
    m1 = _overall(_summary(draft, "--include-unpublished"), "K1")
    assert _cli_import(draft, second).returncode == 0
    m2 = _overall(_summary(draft, "--include-unpublished"), "K1")
    assert (m1["n"], m2["n"]) == (27, 31)
    k1 = [n for n, i in enumerate(items) if i.startswith("K1_")]
    # The summary rounds its means, so the recovered mean is exact to rounding.
    assert (31 * m2["mean"] - 27 * m1["mean"]) / 4 == pytest.approx(u1[:, k1].mean(), abs=0.01)
    assert _summary(draft) == []  # readers saw neither version

    # Published: readers saw the 27; the export with U1's four is refused, nothing changes.
    folder = tmp_path / "store"
    assert _cli_import(folder, first).returncode == 0
    assert run_cli("publish", ROUND, "--data-dir", str(folder), "--confirm-warnings").returncode == 0
    before = snapshot(folder)
    refused = _cli_import(folder, second)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    message = refused.stderr
    assert "Runde 2025 er publisert, og leserne har allerede sett tallene" in message
    assert "færre enn 5 respondenter" in message and "alle, K1 (4 endret)" in message
    assert "knappen «Trekk runden tilbake» på siden «Importer data»" in message
    assert "minst 5 respondenter i hver celle som endres" in message
    assert snapshot(folder) == before

    # Withdraw, change, publish again: checked against what readers saw, so refused too.
    assert run_cli("withdraw", ROUND, "--data-dir", str(folder)).returncode == 0
    assert _cli_import(folder, second).returncode == 0
    republish = run_cli("publish", ROUND, "--data-dir", str(folder), "--confirm-warnings")
    assert republish.returncode == 2
    assert "Runde 2025 kan ikke publiseres igjen" in republish.stderr
    assert "alle, K1 (4 endret)" in republish.stderr
    assert _summary(folder) == []


def test_an_undo_that_would_reveal_a_small_group_is_refused(tmp_path):
    store = Store(tmp_path / "store")
    import_bytes(store, export(BEFORE), "eksport-1.csv", round_label=ROUND, group=GROUP, form="m")
    second = import_bytes(store, export(WITH_U1), "eksport-2.csv", round_label=ROUND, group=GROUP, form="m")
    store.publish(ROUND, "test")
    version = store.version()
    with pytest.raises(PublishedChangeRefused, match="alle, K1 \\(4 endret\\)"):
        undo_import(store, second.import_id, "test")
    assert store.version() == version and store.rounds()[0]["respondents"] == 31


def test_a_change_of_at_least_the_threshold_in_every_cell_passes_and_readers_see_it(tmp_path):
    store = Store(tmp_path / "store")
    import_bytes(store, export(BEFORE), "eksport-1.csv", round_label=ROUND, group=GROUP, form="m")
    store.publish(ROUND, "test")
    more = {unit: size + THRESHOLD for unit, size in BEFORE.items()}
    report = import_bytes(store, export(more), "eksport-2.csv", round_label=ROUND, group=GROUP, form="m")
    assert report.stored
    cells = suppression.suppress(store.query("culture_cells"), THRESHOLD)
    overall = cells[~cells["by_unit"] & ~cells["by_group"] & (cells["indicator"] == "index")]
    assert overall["n"].tolist() == [42]
    # The undo takes five from every unit again: allowed as well.
    undo_import(store, report.import_id, "test")
    assert store.rounds()[0]["respondents"] == 27
    # One edited answer sheet is a change for one person: refused.
    edited = export(BEFORE, edited=frozenset({"U2-0"}))
    with pytest.raises(PublishedChangeRefused, match="alle, K1 \\(1 endret\\)"):
        import_bytes(store, edited, "eksport-3.csv", round_label=ROUND, group=GROUP, form="m")


def test_five_joining_a_hidden_unit_of_three_is_refused_since_the_three_could_be_worked_out(tmp_path):
    # Every cell changes for five people, but the unit of three was hidden: the total's
    # difference is the unit's difference, and the unit is shown afterwards.
    store = Store(tmp_path / "store")
    import_bytes(
        store, export({**BEFORE, "U5": 3}), "eksport-1.csv", round_label=ROUND, group=GROUP, form="m"
    )
    store.publish(ROUND, "test")
    grown = export({**BEFORE, "U5": 3 + THRESHOLD})
    with pytest.raises(PublishedChangeRefused) as refusal:
        import_bytes(store, grown, "eksport-2.csv", round_label=ROUND, group=GROUP, form="m")
    assert t("publish_reason_derivable") in str(refusal.value)
    assert "alle, K1 (5 endret)" in str(refusal.value)  # the total, shown in both, gives it away
    assert store.rounds()[0]["respondents"] == 30


def test_a_folder_from_before_publication_counts_its_rounds_as_published_and_checks_changes(
    demo_copy, tmp_path
):
    manifest_path = demo_copy / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    del manifest["published"]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    store = Store(demo_copy)
    assert store.published_rounds() == [str(year) for year in range(2017, 2025)]
    assert {r["round"] for r in _summary(demo_copy)} == set(store.published_rounds())
    # Readers have seen these versions: four more employees in one unit is refused.
    few = export({"Helse og omsorg": 4})
    with pytest.raises(PublishedChangeRefused, match="Runde 2024 er publisert"):
        import_bytes(store, few, "eksport.csv", round_label="2024", group=GROUP, form="m")


def test_the_refusal_names_cells_briefly_and_says_what_to_do():
    verdict = publication.Verdict(
        too_few=[{"indicator": "K1", "item_id": None, "unit": "x" * 100, "group": None, "n_changed": 2}] * 5
    )
    message = publication.refusal("2025", verdict, 5, republish=False)
    assert "x" * 39 + "…, K1 (2 endret)" in message and " og 2 celler til." in message
    assert "x" * 41 not in message


# ------------------------------------------------------------------ the property test
# Seeded random sequences of imports (cumulative re-uploads with new, edited and deleted
# respondents), undos, withdrawals and publications of one round. Every version readers
# saw is kept; for every pair, an attacker who sees the shown cells of both tries to
# compute any hidden cell of either, and a change of fewer than THRESHOLD respondents.


def _changed_respondents(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """(respondent, item) rows whose answer differs between two versions, with the unit."""
    key = ["respondent_id", "item_id"]
    both = a.merge(b, on=key, how="outer", suffixes=("_a", "_b"), indicator=True)
    differs = (
        (both["_merge"] != "both")
        | (both["value_a"].astype("Float64") != both["value_b"].astype("Float64")).fillna(True)
        | (both["dont_know_a"] != both["dont_know_b"])
    )
    rows = both[differs.to_numpy(dtype=bool)]
    return pd.DataFrame(
        {
            "respondent_id": rows["respondent_id"],
            "item_id": rows["item_id"],
            "unit": rows["unit_a"].fillna(rows["unit_b"]),
        }
    )


def _measure_items(cell, indicator_of: dict) -> set[str]:
    if isinstance(cell.item_id, str):
        return {cell.item_id}
    if cell.indicator == culture.INDEX:
        return set(indicator_of)
    return {item for item, indicator in indicator_of.items() if indicator == cell.indicator}


def _in_span(rows: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """For each target vector, whether it is a linear combination of ``rows`` (one SVD for all)."""
    if not len(rows):
        return np.zeros(len(targets), bool)
    _, singular, basis = np.linalg.svd(rows, full_matrices=False)
    basis = basis[singular > 1e-9 * max(singular.max(), 1)]
    residual = targets - (targets @ basis.T) @ basis
    return (np.abs(residual).max(axis=1) < 1e-6) & targets.any(axis=1)


def _pieces(version: dict, kind: str, items: set[str]) -> dict[tuple, frozenset]:
    """Each piece of a version with what it holds: a unit x statement with its answers (sums),
    or a unit with its respondents who answered the measure (counts)."""
    rows = version["responses"]
    rows = rows[rows["item_id"].isin(items) & rows["value"].notna()]
    if kind == "sums":
        grouped = rows.groupby(["unit", "item_id"])
        return {
            key: frozenset(zip(part["respondent_id"], part["value"].astype(int))) for key, part in grouped
        }
    return {(unit, None): frozenset(part["respondent_id"]) for unit, part in rows.groupby("unit")}


def attack(a: dict, b: dict) -> list[tuple]:
    """The hidden cells an attacker who saw versions ``a`` and ``b`` (responses, shown cells) can compute.

    Built from the raw answers, independently of :mod:`analytics.store.publication`. The
    unknowns are each piece's figure in ``a`` and the change of each piece somebody
    changed in (a piece is a unit x statement for the sums, a unit for the respondent
    counts of one measure); the attacker is granted to know which pieces did not change.
    """
    indicator_of = {i.item_id: i.indicator for i in framework().items}
    measures = [("sums", None)] + [
        ("n", key)
        for key in sorted(
            {(c.indicator, c.item_id if isinstance(c.item_id, str) else "") for c in a["shown"].itertuples()}
        )
    ]
    found = []
    for kind, measure in measures:
        cells = {}
        for name, version in (("a", a), ("b", b)):
            shown = version["shown"]
            if kind == "sums":
                chosen = shown["indicator"] != culture.INDEX
            else:
                chosen = (shown["indicator"] == measure[0]) & (shown["item_id"].fillna("") == measure[1])
            cells[name] = shown[chosen].reset_index(drop=True)
        items = set(indicator_of) if kind == "sums" else _measure_items(cells["a"].iloc[0], indicator_of)
        pieces_a, pieces_b = _pieces(a, kind, items), _pieces(b, kind, items)
        changes = {piece for piece, held in pieces_b.items() if pieces_a.get(piece) != held}
        columns = [("x", piece) for piece in sorted(pieces_a, key=str)]
        columns += [("d", piece) for piece in sorted(changes, key=str)]

        def vector(cell, name: str, columns=columns, pieces_a=pieces_a, pieces_b=pieces_b, kind=kind):
            in_cell = _measure_items(cell, indicator_of)
            out = np.zeros(len(columns))
            for position, (var, (unit, item)) in enumerate(columns):
                inside = (not cell.by_unit or unit == cell.unit) and (kind == "n" or item in in_cell)
                in_version = (var == "x" and (name == "a" or (unit, item) in pieces_b)) or (
                    var == "d" and name == "b"
                )
                out[position] = inside and in_version
            return out

        rows = {name: np.array([vector(c, name) for c in cells[name].itertuples()]) for name in cells}
        visible = np.concatenate([rows[name][~cells[name]["suppressed"].to_numpy()] for name in cells])
        for name in cells:
            hidden = np.flatnonzero(cells[name]["suppressed"].to_numpy())
            if not len(hidden):
                continue
            for position in hidden[_in_span(visible, rows[name][hidden])]:
                cell = cells[name].iloc[position]
                item = cell["item_id"] if isinstance(cell["item_id"], str) else None
                found.append((kind, name, cell["indicator"], item, cell["unit"]))
    return found


def too_few_changed(a: dict, b: dict, threshold: int) -> list[tuple]:
    """Cells (unit or everyone, per statement and indicator) changed for 1 to threshold - 1 respondents."""
    changed = _changed_respondents(a["responses"], b["responses"])
    indicator_of = {i.item_id: i.indicator for i in framework().items}
    changed = changed.assign(indicator=changed["item_id"].map(indicator_of))
    small = []
    for by in (["item_id"], ["indicator"], ["unit", "item_id"], ["unit", "indicator"], ["unit"], []):
        counts = (
            changed.groupby(by)["respondent_id"].nunique()
            if by
            else pd.Series({"all": changed["respondent_id"].nunique()})
        )
        small += [(tuple(by), key, n) for key, n in counts.items() if 0 < n < threshold]
    return small


def _random_sequence(store: Store, seed: int, steps: int) -> list[dict]:
    """Run a seeded random sequence; returns every version of the round readers saw."""
    rng = random.Random(seed)
    units = {f"E{u}": rng.randint(3, 9) for u in range(rng.randint(2, 4))}
    edited: set[str] = set()
    gone = 0
    seen: list[dict] = []
    imports: list[int] = []

    def remember():
        responses = store.table("responses")
        if ROUND in store.published_rounds() and not responses.empty:  # an empty round shows nothing
            version = {
                "responses": responses.sort_values(["respondent_id", "item_id"]).reset_index(drop=True),
                "shown": suppression.suppress(store.query("culture_cells"), THRESHOLD),
            }
            if not any(v["responses"].equals(version["responses"]) for v in seen):
                seen.append(version)

    for step in range(steps):
        action = rng.choice(["import", "import", "import", "undo", "toggle"]) if step else "import"
        try:
            if action == "import":
                if rng.random() < 0.6:  # a change that may pass: at least the threshold per unit touched
                    for unit in rng.sample(list(units), rng.randint(1, len(units))):
                        units[unit] += rng.randint(THRESHOLD, THRESHOLD + 3)
                    if rng.random() < 0.3:
                        units[f"E{len(units)}"] = rng.randint(THRESHOLD, THRESHOLD + 4)
                else:  # a change that should not: a few more people, a new small unit, an edit
                    for unit in units:
                        units[unit] += rng.choice([0, 0, 1, 2, THRESHOLD])
                    if rng.random() < 0.3:
                        units[f"E{len(units)}"] = rng.randint(1, 8)
                    if rng.random() < 0.3:
                        edited |= {f"{rng.choice(list(units))}-0"}
                delete = rng.random() < 0.2
                gone = rng.choice([gone, gone + 1]) if delete else gone
                raw = export(units, seed, frozenset(edited), first=gone if delete else 0)
                report = import_bytes(
                    store,
                    raw,
                    f"eksport-{step}.csv",
                    round_label=ROUND,
                    group=GROUP,
                    form="m",
                    delete_missing=delete,
                )
                if report.stored:
                    imports.append(report.import_id)
            elif action == "undo" and len(imports) > 1:
                undo_import(store, imports.pop(rng.randrange(1, len(imports))), "test")
            elif action == "toggle" and store.rounds():
                if ROUND in store.published_rounds():
                    store.withdraw(ROUND, "test")
                else:
                    store.publish(ROUND, "test")
            if step == 0:
                store.publish(ROUND, "test")
        except (PublishedChangeRefused, ImportRefused):
            pass
        remember()
    return seen


@pytest.mark.parametrize("seed", [5, 8, 12])
def test_no_two_published_versions_give_away_a_hidden_or_small_group(tmp_path, seed):
    store = Store(tmp_path / "store")
    seen = _random_sequence(store, seed, steps=8)
    # These seeds reach three or more versions (some changes are refused, some pass).
    assert len(seen) >= 3
    for a, b in itertools.combinations(seen, 2):
        assert too_few_changed(a, b, THRESHOLD) == []
        assert attack(a, b) == []


def test_the_attacker_finds_the_issues_leak_when_nothing_is_checked(tmp_path):
    # The same two versions as the issue, committed without publication (so unchecked):
    # the attacker recovers U1's hidden cells, and the changes are too few.
    store = Store(tmp_path / "store")
    versions = []
    for name, units in (("1", BEFORE), ("2", WITH_U1)):
        import_bytes(store, export(units), f"eksport-{name}.csv", round_label=ROUND, group=GROUP, form="m")
        versions.append(
            {
                "responses": store.table("responses")
                .sort_values(["respondent_id", "item_id"])
                .reset_index(drop=True),
                "shown": suppression.suppress(
                    store.query("culture_cells", include_unpublished=True), THRESHOLD
                ),
            }
        )
    found = attack(*versions)
    assert ("sums", "b", "K1", None, "U1") in found and ("n", "b", "index", None, "U1") in found
    assert ((), "all", 4) in too_few_changed(*versions, THRESHOLD)
