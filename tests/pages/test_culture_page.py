"""The Innovasjonskultur page through app.py: filters, chart data, takeaways, hidden cells."""

import json

import pytest

from analytics.core import targets
from analytics.core.framework import framework
from analytics.present.charts import BLUE
from tests.cli.test_participation import survey_export
from tests.conftest import (
    REPO,
    ROLE_MEMBERS,
    app_test,
    html_texts,
    run_cli,
    shown_tables,
    shown_text,
    takeaways,
)

APP = str(REPO / "app.py")
PAGE = "pages/innovasjonskultur.py"
SMALL_UNITS = ("Frivilligsentralen", "NAV")


@pytest.fixture
def page(app):
    at = app.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _summary(folder, by):
    result = run_cli("summary", "--data-dir", str(folder), "--json", "--by", by)
    assert result.returncode == 0, result.stderr
    return {(r["round"], r["indicator"], r["unit"], r["group"]): r for r in json.loads(result.stdout)}


def _charts(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _change(folder, unit, group, indicator="index"):
    """The record of ``changes --json`` for one cell, 2023 -> 2024."""
    result = run_cli("changes", "--data-dir", str(folder), "--json", "--by", "unit,group")
    assert result.returncode == 0, result.stderr
    return next(
        r
        for r in json.loads(result.stdout)
        if (r["indicator"], r["unit"], r["group"]) == (indicator, unit, group)
    )


def _signed(change):
    return ("+" if change >= 0 else "\u2212") + _no(abs(change))


def _no(value):
    return f"{value:.2f}".replace(".", ",")


def test_heatmap_marks_small_units_as_hidden_and_matches_the_cli(page):
    summary = _summary(page.data_dir, "unit")
    heat = _charts(page)[0]
    values, hidden = heat["data"][0], heat["data"][1]
    rows = values["y"]
    assert rows[0] == "Alle enheter" and len(rows) == 8
    assert values["x"][-1] == "Kulturindeks" and values["x"][0] == "K1 Behovet først"
    keys = [f"K{k}" for k in range(1, 10)] + ["index"]
    for position, unit in enumerate(rows):
        expected = [summary[("2024", k, None if position == 0 else unit, None)] for k in keys]
        if unit in SMALL_UNITS:
            # Hidden, not missing: no value, a grey cell that says so.
            assert values["z"][position] == [None] * 10
            assert hidden["z"][position] == [1] * 10 and hidden["text"][position] == ["skjult"] * 10
            assert all(e["suppressed"] for e in expected)
        else:
            assert values["z"][position] == pytest.approx([e["mean"] for e in expected], abs=1e-4)
            assert hidden["z"][position] == [None] * 10
    assert values["zmid"] == 3 and (values["zmin"], values["zmax"]) == (1, 5)
    shown = {u: summary[("2024", "index", u, None)]["mean"] for u in rows[1:] if u not in SMALL_UNITS}
    high, low = max(shown, key=shown.get), min(shown, key=shown.get)
    assert takeaways(page)[0] == (
        f"I 2024 har {high} høyest kulturindeks ({_no(shown[high])}) og {low} lavest ({_no(shown[low])}); "
        "2 av 7 enheter er skjult for å verne små grupper."
    )
    table = shown_tables(page)[0].set_index("Enhet")
    for unit in SMALL_UNITS:
        assert set(table.loc[unit].drop("Svarprosent")) == {"skjult"}
    assert table.loc["Alle enheter", "Antall svar (n)"] == str(summary[("2024", "index", None, None)]["n"])


def test_narrow_screens_get_the_index_per_unit_as_sorted_bars(page):
    summary = _summary(page.data_dir, "unit")
    chart = _charts(page)[1]
    bars, hidden = chart["data"]
    shown = {
        u: r["mean"]
        for (rd, k, u, g), r in summary.items()
        if rd == "2024" and k == "index" and u and not r["suppressed"]
    }
    ordered = sorted(shown, key=shown.get, reverse=True)
    assert chart["layout"]["yaxis"]["categoryarray"] == ordered + sorted(SMALL_UNITS)
    assert bars["y"] == ordered
    assert bars["x"] == pytest.approx([shown[u] for u in ordered], abs=1e-4)
    # Hidden units have no bar and a visible «skjult» where the bar would start.
    assert hidden["y"] == sorted(SMALL_UNITS) and hidden["mode"] == "text"
    assert hidden["text"] == ["skjult"] * len(SMALL_UNITS)
    assert hidden["x"] == [framework().scale_min] * len(SMALL_UNITS)


def test_filters_change_the_chart_data_and_thetakeaways(page):
    first_heat, first_takeaways = _charts(page)[0], takeaways(page)
    page.selectbox(key="culture_round").select("2020").run()
    assert not page.exception
    by_unit = _summary(page.data_dir, "unit")
    heat = _charts(page)[0]["data"][0]
    assert heat["z"] != first_heat["data"][0]["z"]
    helse = heat["y"].index("Helse og omsorg")
    assert heat["z"][helse][-1] == pytest.approx(
        by_unit[("2020", "index", "Helse og omsorg", None)]["mean"], abs=1e-4
    )
    assert takeaways(page)[0].startswith("I 2020 har ") and takeaways(page) != first_takeaways

    page.selectbox(key="culture_group").select("ledere").run()
    page.selectbox(key="culture_unit").select("Helse og omsorg").run()
    assert not page.exception
    crossed = _summary(page.data_dir, "unit,group")
    trend = _charts(page)[2]["data"]
    assert trend[0]["x"] == [str(y) for y in range(2017, 2025)]
    assert trend[0]["y"] == pytest.approx(
        [crossed[(str(y), "index", "Helse og omsorg", "ledere")]["mean"] for y in range(2017, 2025)], abs=1e-4
    )
    latest = crossed[("2024", "index", "Helse og omsorg", "ledere")]["mean"]
    change = _change(page.data_dir, "Helse og omsorg", "ledere")
    assert takeaways(page)[1] == (
        f"Kulturindeks er {_no(latest)} i 2024 – i rute mot målet for 2024 (3,80, {_no(latest - 3.8)} over). "
        f"Kulturindeks var stabil fra 2023 til 2024 ({_no(change['from_value'])} → {_no(latest)}, "
        f"{_signed(change['change'])}, innenfor feilmarginen)."
    )
    assert change["significant"] is False

    page.selectbox(key="culture_indicator").select("K5").run()
    trend = _charts(page)[2]["data"]
    assert trend[0]["y"][-1] == pytest.approx(
        crossed[("2024", "K5", "Helse og omsorg", "ledere")]["mean"], abs=1e-4
    )
    assert takeaways(page)[1].startswith("K5 BLT i bruk er ")
    # The target line: 3.2 in 2020, straight to 3.7 in 2024, none before 2020.
    target = next(s for s in trend if s["name"] == "Mål")
    assert target["y"] == pytest.approx([None, None, None, 3.2, 3.325, 3.45, 3.575, 3.7])


def test_trend_states_confidence_interval_significance_and_target(page):
    by_group = _summary(page.data_dir, "group")
    trend = _charts(page)[2]["data"][0]
    index_2024 = by_group[("2024", "index", None, None)]
    assert trend["y"][-1] == pytest.approx(index_2024["mean"], abs=1e-4)
    table = shown_tables(page)[1].set_index("Runde")
    low, high = (
        float(table.loc["2024", c].replace(",", ".")) for c in ("Nedre grense (95 %)", "Øvre grense (95 %)")
    )
    assert low < index_2024["mean"] < high
    assert trend["error_y"]["array"][-1] == pytest.approx(high - index_2024["mean"], abs=0.006)
    assert table.loc["2024", "Mål"] == "3,80" and table.loc["2024", "Status"] == "bak"
    assert table.loc["2018", "Statistisk sikker endring"] == "Ja"
    distance = 3.8 - index_2024["mean"]
    change = _change(page.data_dir, None, None)
    assert takeaways(page)[1].endswith(
        f"– bak målet for 2024 (3,80, {_no(distance)} under). Kulturindeks var stabil fra 2023 til 2024 "
        f"({_no(change['from_value'])} → {_no(change['to_value'])}, {_signed(change['change'])}, "
        "innenfor feilmarginen)."
    )


def test_the_latest_round_is_the_products_blue_on_the_culture_charts(page):
    charts = _charts(page)
    # The index per unit is the latest round (2024): its bars are blue, as on the overview and slides.
    assert charts[1]["data"][0]["marker"]["color"] == BLUE
    trend = charts[2]["data"][0]
    assert trend["x"][-1] == "2024"
    assert trend["line"]["color"] == BLUE and trend["marker"]["color"] == BLUE


def test_likert_and_gap_charts_follow_the_filters(page):
    likert = _charts(page)[3]["data"]
    helt_enig = next(s for s in likert if s["name"] == "5 Helt enig")
    assert len(helt_enig["y"]) == 27 and helt_enig["y"][0].startswith("K1_1 ")
    gap = _charts(page)[4]["data"]
    assert [s["name"] for s in gap[1:3]] == ["Ansatte", "Ledere"]
    by_group = _summary(page.data_dir, "group")
    # Leaders and employees answer the same statements, so the gap uses their indicator means.
    assert gap[1]["x"][4] == pytest.approx(by_group[("2024", "K5", None, "ansatte")]["mean"], abs=1e-4)
    assert gap[2]["x"][4] == pytest.approx(by_group[("2024", "K5", None, "ledere")]["mean"], abs=1e-4)
    assert takeaways(page)[3].startswith("Størst forskjell på ")
    page.selectbox(key="culture_gap_group").select("politikere").run()
    assert not page.exception
    assert [s["name"] for s in _charts(page)[4]["data"][1:3]] == ["Ansatte", "Politikere"]
    assert "politikere svarer" in takeaways(page)[3]
    page.selectbox(key="culture_group").select("ansatte").run()
    page.selectbox(key="culture_unit").select("NAV").run()
    likert = _charts(page)[3]["data"]
    assert next(s for s in likert if s["name"] == "skjult")["text"] == ["skjult"] * 18
    assert takeaways(page)[2] == "Alle utsagn er skjult for dette utvalget: for få svar."
    table = shown_tables(page)[2]
    assert set(table["Gjennomsnitt"]) == {"skjult"} and set(table["Antall svar (n)"]) == {"skjult"}


def test_a_broken_targets_file_is_explained_and_the_page_still_works(page, tmp_path, monkeypatch):
    broken = tmp_path / "targets.csv"
    broken.write_text("indicator,year,target\nK1,2024,7\n", encoding="utf-8")
    monkeypatch.setattr(targets, "targets_file", lambda: broken)
    page.run()
    assert not page.exception
    assert "Målene kan ikke vises" in page.warning[0].value and "linje 2" in page.warning[0].value
    assert all(s["name"] != "Mål" for s in _charts(page)[2]["data"])


def test_change_heat_map_shows_the_cli_changes_with_falls_marked_and_hidden_units(page):
    result = run_cli("changes", "--data-dir", str(page.data_dir), "--json", "--by", "unit")
    records = {(r["unit"], r["indicator"]): r for r in json.loads(result.stdout) if r["group"] is None}
    heatmaps = [c for c in _charts(page) if c["data"][0].get("type") == "heatmap"]
    assert len(heatmaps) == 2  # the means of the round, then the change since the round before
    heat = heatmaps[1]
    z, text, units = heat["data"][0]["z"], heat["data"][0]["text"], heat["data"][0]["y"]
    fell = records[("Kultur og fritid", "index")]
    # The demo's setback: Kultur og fritid's index fell significantly in 2024.
    assert fell["significant"] is True and fell["change"] < 0
    row = units.index("Kultur og fritid")
    assert z[row][-1] == fell["change"]
    assert text[row][-1] == "\u2212" + _no(abs(fell["change"])) + "*"
    for unit in SMALL_UNITS:
        assert records[(unit, "index")]["suppressed"] is True
        assert text[units.index(unit)][-1] == "skjult" and z[units.index(unit)][-1] is None
    sentence = next(s for s in takeaways(page) if s.startswith("Fra 2023 til 2024 falt kulturindeksen i"))
    assert f"Kultur og fritid (\u2212{_no(abs(fell['change']))})" in sentence


def _participation(folder, by):
    result = run_cli("participation", "--data-dir", str(folder), "--json", "--by", by)
    assert result.returncode == 0, result.stderr
    return {(r["round"], r["unit"], r["group"]): r for r in json.loads(result.stdout)}


def _rate(record, flagged=False):
    """«44 av 84 (52 %)» written out from a ``participation --json`` record."""
    text = f"{record['responded']} av {record['invited']} ({100 * record['rate']:.0f}\u00a0%)"
    return text + " – under 60 %" if flagged else text


def _table_rates(at):
    return shown_tables(at)[0].set_index("Enhet")["Svarprosent"].to_dict()


def _unit_view(at):
    return [t for t in html_texts(at, "data-text") if t.startswith("Svarprosent for ")]


def test_heat_map_has_each_units_response_rate_in_its_table_and_hover(page):
    rates = _participation(page.data_dir, "unit")
    table = shown_tables(page)[0].set_index("Enhet")
    heat = _charts(page)[0]["data"]
    units = heat[0]["y"]
    assert (
        table.loc["Alle enheter", "Svarprosent"]
        == _rate(rates[("2024", None, None)])
        == "655 av 842 (78\u00a0%)"
    )
    plan = rates[("2024", "Plan og teknisk", None)]
    assert plan["flag"] is True and plan["rate"] < 0.6
    assert table.loc["Plan og teknisk", "Svarprosent"] == _rate(plan, flagged=True)
    for unit in units[1:]:
        record = rates[("2024", unit, None)]
        expected = "skjult (for få)" if unit in SMALL_UNITS else _rate(record, flagged=record["flag"])
        assert record["suppressed"] is (unit in SMALL_UNITS)
        assert table.loc[unit, "Svarprosent"] == expected
        # Every cell of the unit's row, the grey hidden ones too, says the rate when pointed at.
        row = units.index(unit)
        assert heat[0]["customdata"][row] == heat[1]["customdata"][row] == [expected] * 10
    assert "Svarprosent: %{customdata}" in heat[0]["hovertemplate"]


def test_the_unit_view_states_the_units_response_rate_hidden_and_flagged(page):
    assert _unit_view(page) == []  # all units: the heat map has them
    rates = _participation(page.data_dir, "unit")
    page.selectbox(key="culture_unit").select("Plan og teknisk").run()
    assert not page.exception
    plan = _rate(rates[("2024", "Plan og teknisk", None)], flagged=True)
    assert _unit_view(page) == [f"Svarprosent for Plan og teknisk i 2024: {plan}"]
    page.selectbox(key="culture_unit").select("NAV").run()
    assert rates[("2024", "NAV", None)]["responded"] is None
    assert _unit_view(page) == ["Svarprosent for NAV i 2024: skjult (for få)"]

    crossed = _participation(page.data_dir, "unit,group")
    page.selectbox(key="culture_group").select("ledere").run()
    page.selectbox(key="culture_unit").select("Helse og omsorg").run()
    leaders = crossed[("2024", "Helse og omsorg", "ledere")]
    assert _unit_view(page) == [f"Svarprosent for Helse og omsorg i 2024: {_rate(leaders)}"]
    page.selectbox(key="culture_round").select("2020").run()
    before = crossed[("2020", "Helse og omsorg", "ledere")]
    assert _unit_view(page) == [f"Svarprosent for Helse og omsorg i 2020: {_rate(before, before['flag'])}"]


def test_politicians_see_no_units_response_rates(demo_copy, monkeypatch):
    at = app_test(demo_copy, monkeypatch, ROLE_MEMBERS["politiker"][0]).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any("Tallene per enhet er for ledere og analytikere" in i.value for i in at.info)
    text = shown_text(at)
    assert "Plan og teknisk" not in text and "Svarprosent" not in text


def test_a_round_without_invited_numbers_says_so_and_the_unit_view_shows_n_only(tmp_path, monkeypatch):
    folder = tmp_path / "store"
    export = tmp_path / "a.csv"
    export.write_bytes(survey_export({"Helse": 12, "Plan": 9}, "ansatte"))
    for args in (
        ("import", str(export), "--round", "2025", "--group", "ansatte"),
        ("publish", "2025", "--confirm-warnings"),
    ):
        assert run_cli(*args, "--data-dir", str(folder)).returncode == 0
    at = app_test(folder, monkeypatch).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any("Runde 2025 har ingen tall for hvor mange som ble invitert" in i.value for i in at.info)
    assert _table_rates(at) == {
        "Alle enheter": "n = 21 (antall invitert mangler)",
        "Helse": "n = 12 (antall invitert mangler)",
        "Plan": "n = 9 (antall invitert mangler)",
    }
    at.selectbox(key="culture_unit").select("Plan").run()
    assert _unit_view(at) == ["Svarprosent for Plan i 2025: n = 9 (antall invitert mangler)"]
