"""A threshold change is a new version of every published round, and the demo keeps the record of
what readers saw (issue 28, findings 1 and 2).

The attacker here is independent of the product's code: from the raw answers it builds the
0/1 vector of every cell over the pieces (a unit x statement for the answer sums, a unit for a
measure's respondent counts), takes every figure shown in any version readers saw as known, and
tests each cell hidden in all of them for membership of the span of the known ones (its own SVD).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.core import suppression
from analytics.core.framework import framework
from analytics.core.text import t
from analytics.ingest import ImportRefused, import_bytes, load_demo, undo_import
from analytics.measures import culture
from analytics.store import PublishedChangeRefused, Store
from tests.cli.test_published import BEFORE, GROUP, ROUND, WITH_U1, export
from tests.conftest import app_test, snapshot

KEY = ["indicator", "item_id", "unit", "group", "by_unit", "by_group"]


def _in_span(rows: np.ndarray, targets: np.ndarray) -> np.ndarray:
    if not rows.size:
        return np.zeros(len(targets), bool)
    _, singular, basis = np.linalg.svd(rows, full_matrices=False)
    basis = basis[singular > 1e-9 * max(singular.max(), 1)]
    residual = targets - (targets @ basis.T) @ basis
    return (np.abs(residual).max(axis=1) < 1e-6) & targets.any(axis=1)


def exposed(responses: pd.DataFrame, versions: list[pd.DataFrame]) -> list[tuple]:
    """Cells hidden in every one of ``versions`` (the same answers, each as readers saw it) that the
    figures shown in any of them determine exactly."""
    indicator_of = {i.item_id: i.indicator for i in framework().items}
    answered = responses[responses["value"].notna()]
    present = sorted({(u, g, i) for u, g, i in zip(answered["unit"], answered["group"], answered["item_id"])})
    found = []
    cells = versions[0][KEY].astype(object).where(versions[0][KEY].notna(), None)
    hidden_everywhere = np.logical_and.reduce([v["suppressed"].to_numpy(bool) for v in versions])
    shown_anywhere = ~np.logical_and.reduce([v["suppressed"].to_numpy(bool) for v in versions])

    def items_of(indicator, item):
        if isinstance(item, str):
            return {item}
        if indicator == culture.INDEX:
            return set(indicator_of)
        return {i for i, k in indicator_of.items() if k == indicator}

    measures = sorted({(c.indicator, c.item_id or "") for c in cells.itertuples()})
    for kind, measure in [("sums", None)] + [("n", m) for m in measures]:
        if kind == "sums":
            chosen = (cells["indicator"] != culture.INDEX).to_numpy()
            pieces = present
        else:
            chosen = (
                (cells["indicator"] == measure[0]) & (cells["item_id"].fillna("") == measure[1])
            ).to_numpy()
            pieces = sorted({(u, g, None) for u, g, i in present if i in items_of(*measure)})
        rows = np.array(
            [
                [
                    (not c.by_unit or u == c.unit)
                    and (not c.by_group or g == c.group)
                    and (i is None or i in items_of(c.indicator, c.item_id))
                    for u, g, i in pieces
                ]
                for c in cells[chosen].itertuples()
            ],
            float,
        ).reshape(int(chosen.sum()), len(pieces))
        visible = rows[shown_anywhere[chosen]]
        targets = np.flatnonzero(hidden_everywhere[chosen])
        for position in targets[_in_span(visible, rows[targets])]:
            cell = cells[chosen].iloc[position]
            found.append((kind, cell["indicator"], cell["item_id"], cell["unit"], cell["group"]))
    return found


# Two leaders in U1: with one, singleton protection hides U1's totals and the two thresholds
# no longer expose anything together (135 cells without it).
EMPLOYEES, LEADERS = {"U0": 12, "U1": 2}, {"U0": 2, "U1": 2}


def _store(tmp_path, employees=EMPLOYEES, leaders=LEADERS) -> tuple[Store, list[int]]:
    store = Store(tmp_path / "store")
    ids = []
    for group, units, seed in ((GROUP, employees, 1), ("ledere", leaders, 2)):
        if units:
            report = import_bytes(
                store, export(units, seed=seed), f"{group}.csv", round_label=ROUND, group=group, form="m"
            )
            ids.append(report.import_id)
    return store, ids


def _as_readers_see(store: Store) -> pd.DataFrame:
    return suppression.suppress(store.query("culture_cells"), store.threshold(), store.shown_thresholds())


def test_lowering_the_threshold_that_would_reveal_a_cell_is_refused_and_readers_keep_the_old(tmp_path):
    store, _ = _store(tmp_path)
    store.publish(ROUND, "test")
    cells = store.query("culture_cells")
    responses = store.table("responses")
    # The two patterns together give hidden cells away: this is what readers got before.
    assert exposed(responses, [suppression.suppress(cells, 5), suppression.suppress(cells, 3)])
    seen = _as_readers_see(store)
    before = snapshot(store.data_dir)
    with pytest.raises(PublishedChangeRefused) as refusal:
        store.apply_threshold(3, "test")
    message = str(refusal.value)
    assert "Anonymitetsgrensen kan ikke endres fra 5 til 3 nå: runde 2025 er publisert" in message
    assert t("publish_reason_exposing") in message and "Ingenting er endret" in message
    assert snapshot(store.data_dir) == before and store.threshold() == 5
    assert store.shown_thresholds() == {ROUND: 5}
    pd.testing.assert_frame_equal(_as_readers_see(store), seen)


def test_a_threshold_set_outside_the_page_applies_to_rounds_published_after_it(tmp_path):
    store, _ = _store(tmp_path)
    store.publish(ROUND, "test")
    seen = _as_readers_see(store)
    # As if the settings file (or the environment) said 3: the published round keeps 5.
    store.save_settings({"anonymity_threshold": 3}, "test", "endret i fila")
    assert store.threshold() == 3 and store.shown_thresholds() == {ROUND: 5}
    pd.testing.assert_frame_equal(_as_readers_see(store), seen)
    # Withdrawn and published again, the round is a new version under 3: checked, and refused.
    store.withdraw(ROUND, "test")
    with pytest.raises(PublishedChangeRefused, match="kan ikke publiseres igjen"):
        store.publish(ROUND, "test")


def test_a_safe_threshold_change_applies_to_every_published_round_and_is_recorded(tmp_path):
    store, _ = _store(tmp_path, {"U0": 12, "U1": 9, "U2": 6}, {})
    store.publish(ROUND, "test")
    store.apply_threshold(7, "test")
    assert store.threshold() == 7 and store.shown_thresholds() == {ROUND: 7}
    seen = store.publication()[ROUND]["seen"]
    assert [s["threshold"] for s in seen] == [5, 7]
    shown = _as_readers_see(store)
    units = shown[
        shown["by_unit"] & ~shown["by_group"] & (shown["indicator"] == "K1") & shown["item_id"].isna()
    ]
    # U2's six are below 7; U1 is hidden with it, or the total would give U2 away.
    assert units.set_index("unit")["suppressed"].to_dict() == {"U0": False, "U1": True, "U2": True}
    assert store.audit_log()[-1]["detail"] == "anonymitetsgrense 5 → 7"


def test_the_demo_keeps_the_record_of_what_readers_saw(tmp_path):
    # The sequence: publish, undo every import, load the demo, undo it, import again.
    store = Store(tmp_path / "store")
    first = import_bytes(store, export(BEFORE), "eksport-1.csv", round_label=ROUND, group=GROUP, form="m")
    store.publish(ROUND, "test")
    undo_import(store, first.import_id, "test")
    demo = load_demo(store)
    assert store.publication()[ROUND]["seen"][0]["fingerprint"]  # not forgotten
    undo_import(store, demo["imports"][-1]["id"], "test")
    with pytest.raises(PublishedChangeRefused, match="alle, K1 \\(4 endret\\)"):
        import_bytes(store, export(WITH_U1), "eksport-2.csv", round_label=ROUND, group=GROUP, form="m")
    # A demo round readers saw is invented: real data published later is not compared with it.
    entries = json.loads((store.data_dir / "manifest.json").read_text(encoding="utf-8"))["published"]
    assert all(s.get("invented") for label, e in entries.items() if label != ROUND for s in e["seen"])


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("apply"), st.sampled_from([3, 4, 5, 7, 10])),
        st.tuples(st.just("setting"), st.sampled_from([3, 5, 10])),
        st.tuples(st.sampled_from(["toggle", "leaders", "demo"]), st.just(0)),
    ),
    min_size=3,
    max_size=7,
)


@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    employees=st.lists(st.sampled_from([1, 2, 3, 4, 6, 9]), min_size=2, max_size=3),
    leaders=st.lists(st.sampled_from([1, 2, 3]), min_size=2, max_size=3),
    operations=OPERATIONS,
)
def test_no_pair_of_versions_under_two_thresholds_gives_a_hidden_cell_away(
    tmp_path_factory, employees, leaders, operations
):
    """Thresholds up and down between publications, with imports, undo, withdraw and the demo.

    Each version readers saw is remembered with the figures they saw; every two versions of the
    same answers, under the thresholds they were seen with, must leave every cell hidden in both
    underivable. (Versions of different answers are the subject of ``test_published``.)
    """
    tmp_path = tmp_path_factory.mktemp("thresholds")
    staff = {f"U{k}": size for k, size in enumerate(employees)}
    heads = {f"U{k}": size for k, size in enumerate(leaders)}
    store, ids = _store(tmp_path, staff, {})
    leaders_id = None
    store.publish(ROUND, "test")
    seen: list[tuple[pd.DataFrame, pd.DataFrame]] = []

    def remember():
        responses = store.table("responses")
        responses = responses[responses["round"].astype(str) == ROUND]
        if ROUND in store.published_rounds() and not responses.empty:
            key = responses.sort_values(["group", "respondent_id", "item_id"]).reset_index(drop=True)
            shown = _as_readers_see(store)
            seen.append((key, shown[shown["round"].astype(str) == ROUND].reset_index(drop=True)))

    remember()
    for action, value in operations:
        try:
            if action == "apply":
                store.apply_threshold(value, "test")
            elif action == "setting":
                store.save_settings({"anonymity_threshold": value}, "test", "fila")
            elif action == "toggle":
                (store.withdraw if ROUND in store.published_rounds() else store.publish)(ROUND, "test")
            elif action == "leaders" and leaders_id is None:
                leaders_id = import_bytes(
                    store, export(heads, seed=2), "l.csv", round_label=ROUND, group="ledere", form="m"
                ).import_id
            elif action == "leaders":
                undo_import(store, leaders_id, "test")
                leaders_id = None
            elif action == "demo":
                for import_id in [*ids, leaders_id]:
                    if import_id is not None:
                        undo_import(store, import_id, "test")
                demo = load_demo(store)["imports"][-1]["id"]
                undo_import(store, demo, "test")
                ids = [
                    import_bytes(
                        store, export(staff), "e.csv", round_label=ROUND, group=GROUP, form="m"
                    ).import_id
                ]
                leaders_id = None
        except (PublishedChangeRefused, ImportRefused):
            pass
        remember()
    for k, (data_a, shown_a) in enumerate(seen):
        for data_b, shown_b in seen[k + 1 :]:
            if data_a.equals(data_b):
                assert exposed(data_a, [shown_a, shown_b]) == []


def test_the_admin_page_refuses_a_revealing_threshold_and_says_why(tmp_path, monkeypatch):
    store, _ = _store(tmp_path)
    store.publish(ROUND, "test")
    at = app_test(store.data_dir, monkeypatch).run()
    at.switch_page("pages/administrasjon.py").run()
    at.number_input(key="admin_threshold").set_value(3)
    at.button(key="admin_threshold_save").click().run()
    assert not at.exception and not at.success
    assert "Anonymitetsgrensen kan ikke endres fra 5 til 3 nå" in at.error[0].value
    assert store.settings() == {} and store.shown_thresholds() == {ROUND: 5}
