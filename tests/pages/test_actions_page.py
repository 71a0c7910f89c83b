"""The page «Tiltak» and the overview's «Tiltak og effekt» through app.py: numbers, create, edit, undo."""

from __future__ import annotations

import json

from analytics.core.text import fmt_change
from analytics.store import Store
from tests.conftest import run_cli, shown_tables, takeaways

PAGE = "pages/tiltak.py"
EFFECT_COLUMNS = [
    "Id",
    "Tiltak",
    "Enhet",
    "Kjennetegn eller fundament",
    "Status",
    "Runder",
    "Endring",
    "95 % konfidensintervall",
    "Statistisk sikker endring",
    "Enheter uten tiltak",
    "Netto effekt (95 % KI)",
    "Vurdering",
]


def _effects_table(at):
    tables = [table for table in shown_tables(at) if "Enheter uten tiltak" in table.columns]
    assert len(tables) == 1
    return tables[0]


def _cli(folder) -> list[dict]:
    result = run_cli("actions", "--data-dir", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _expected_row(record: dict) -> dict:
    effect, comparison = record["effect"], record["comparison"]
    if effect["suppressed"]:
        change = interval = significant = compared = "skjult"
    elif effect["to_round"] is None:
        change, interval, significant, compared = "ingen ny runde ennå", "–", "–", "–"
    else:
        change = fmt_change(effect["change"])
        interval = f"{fmt_change(effect['ci_low'])} til {fmt_change(effect['ci_high'])}"
        significant = "Ja" if effect["significant"] else "Nei"
        compared = (
            "–"
            if comparison["change"] is None
            else f"{fmt_change(comparison['change'])} ({len(comparison['units'])} enheter)"
        )
    return {
        "Id": record["action_id"],
        "Enhet": record["unit"] or "hele kommunen",
        "Status": record["status"],
        "Runder": f"{effect['from_round']} → {effect['to_round'] or '…'}",
        "Endring": change,
        "95 % konfidensintervall": interval,
        "Statistisk sikker endring": significant,
        "Enheter uten tiltak": compared,
        "Netto effekt (95 % KI)": _net(record),
        "Vurdering": "–"
        if record["verdict"] is None
        else record["verdict"]
        + (
            " (svakere sammenligning: kjennetegnets forrige endring)"
            if record["net_basis"] == "previous_change"
            else ""
        ),
    }


def _net(record: dict) -> str:
    if record["net_effect"] is None:
        return "–"
    low, high = fmt_change(record["net_ci_low"]), fmt_change(record["net_ci_high"])
    return f"{fmt_change(record['net_effect'])} ({low} til {high})"


def test_the_page_and_the_overview_show_the_effects_the_cli_computes(app):
    records = _cli(app.data_dir)
    at = app.run()
    assert not at.exception
    assert [h.value for h in at.header if h.value == "Tiltak og effekt"] == ["Tiltak og effekt"]
    overview = _effects_table(at)
    at.switch_page(PAGE).run()
    assert not at.exception
    page = _effects_table(at)
    for table in (overview, page):
        assert list(table.columns) == EFFECT_COLUMNS
        rows = table.to_dict("records")
        assert len(rows) == len(records)
        for row, record in zip(rows, records, strict=True):
            expected = _expected_row(record)
            assert {k: row[k] for k in expected} == expected
    # The measure in a unit below the threshold is hidden, and one has no later round yet.
    assert "skjult" in set(page["Endring"])
    assert "ingen ny runde ennå" in set(page["Endring"])
    takeaway = next(s for s in takeaways(at) if s.startswith("8 tiltak er registrert"))
    verdicts = [r["verdict"] for r in records if r["verdict"]]
    # The demo has a measure that probably worked and one that shows no sign of working.
    assert "trolig virkning" in verdicts and "ingen tegn til virkning" in verdicts
    names = ("trolig virkning", "uklart", "ingen tegn til virkning")
    worked, unclear, none = (verdicts.count(v) for v in names)
    assert (
        f"{len(verdicts)} kan vurderes mot enheter uten tiltak: {worked} med trolig virkning, "
        f"{unclear} uklart og {none} uten tegn til virkning"
    ) in takeaway
    # The hidden unit's figures appear nowhere on the page.
    hidden = next(r for r in records if r["effect"]["suppressed"])
    assert hidden["unit"] not in " ".join(m.value for m in at.markdown if "·" in m.value)


def _editor_rows(at):
    return at.data_editor[0].value


def _edit(at, row: int, changes: dict) -> None:
    at.session_state["actions_editor"] = {"edited_rows": {row: changes}, "added_rows": [], "deleted_rows": []}


def _stored(folder):
    return Store(folder).table("actions").set_index("action_id")


def test_create_edit_complete_and_undo_a_measure(app):
    at = app.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    first_call = next(m.value for m in at.markdown if m.value.startswith("**") and " · " in m.value)
    unit = first_call.split("**")[1]
    indicator = first_call.split(" · ")[1].split(" ")[0]

    # Create: «Lag tiltak» adds a prefilled row; without dates the save is refused with a message.
    at.button(key="make_action_0").click().run()
    rows = _editor_rows(at)
    assert len(rows) == 9
    draft = rows.iloc[-1]
    assert (draft["unit"], draft["target"], draft["status"], draft["prompted_by"]) == (
        unit,
        indicator,
        "planlagt",
        "2024",
    )
    at.button(key="actions_save").click().run()
    assert any("«started_on» er tom" in e.value for e in at.error)
    assert len(_stored(app.data_dir)) == 8
    assert len(_editor_rows(at)) == 9  # the draft is kept for the analyst to complete

    _edit(at, 8, {"started_on": "2025-02-01", "deadline": "2025-11-30", "owner": "Enhetsleder"})
    at.run()
    at.button(key="actions_save").click().run()
    assert not at.exception
    stored = _stored(app.data_dir)
    assert len(stored) == 9
    created = stored.loc["T09"]
    assert (created["unit"], created["target"], created["status"], created["owner"]) == (
        unit,
        indicator,
        "planlagt",
        "Enhetsleder",
    )
    assert str(created["deadline"].date()) == "2025-11-30"
    assert any("lagret som import" in s.value for s in at.success)

    # Edit, then complete.
    row = int(_editor_rows(at).index[_editor_rows(at)["action_id"] == "T09"][0])
    _edit(at, row, {"title": "Støtteteam i to ledermøter"})
    at.run()
    at.button(key="actions_save").click().run()
    assert _stored(app.data_dir).loc["T09", "title"] == "Støtteteam i to ledermøter"
    _edit(at, row, {"status": "gjennomført"})
    at.run()
    at.button(key="actions_save").click().run()
    assert _stored(app.data_dir).loc["T09", "status"] == "gjennomført"

    # Undo the completion on the page: the measure is planned again, with the edited title.
    at.button(key="actions_undo").click().run()
    assert not at.exception
    assert any("er angret" in s.value for s in at.success)
    after_undo = _stored(app.data_dir).loc["T09"]
    assert (after_undo["status"], after_undo["title"]) == ("planlagt", "Støtteteam i to ledermøter")

    # Every save is a line in the history. A save holds whole rows, so undoing the title edit there
    # brings back the drafted title, and undoing the creation too removes the measure.
    history = json.loads(run_cli("history", "--data-dir", str(app.data_dir), "--json").stdout)
    saves = [r for r in history if r["kind"] == "actions"]
    assert len(saves) == 3 and all(r["file_name"] == "tiltak (lagret i appen)" for r in saves)
    assert [r["active"] for r in saves] == [False, True, True]  # newest first: the completion is undone
    creation, title_edit = saves[2]["id"], saves[1]["id"]
    at.switch_page("pages/historikk.py").run()
    for import_id in (title_edit, creation):
        at.selectbox(key="undo_choice").set_value(import_id).run()
        at.checkbox(key="undo_confirm").check().run()
        at.button(key="undo_button").click().run()
        assert not at.exception
        if import_id == title_edit:
            assert _stored(app.data_dir).loc["T09", "title"] == draft["title"]
    assert "T09" not in _stored(app.data_dir).index
    assert len(_stored(app.data_dir)) == 8
