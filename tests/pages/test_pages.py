"""Pages through app.py with AppTest: real content, real numbers."""

import json
import re

import pandas as pd
import pytest

from analytics.core.framework import framework
from analytics.present.charts import BLUE, ORANGE
from analytics.present.export import to_csv_bytes
from analytics.store import Store
from tests.conftest import REPO, STRATEGY_NAMES, app_test, as_written, run_cli, shown_tables, takeaways

APP = str(REPO / "app.py")


def _summary(folder):
    result = run_cli("summary", "--data-dir", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    return {(r["round"], r["indicator"], r["unit"], r["group"]): r for r in json.loads(result.stdout)}


def _index_change(folder, *args):
    result = run_cli("changes", "--data-dir", str(folder), "--json", *args)
    assert result.returncode == 0, result.stderr
    return next(
        r
        for r in json.loads(result.stdout)
        if (r["indicator"], r["unit"], r["group"]) == ("index", None, None)
    )


def _no(value: float, decimals: int = 2) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def test_overview_numbers_match_the_cli(app):
    at = app.run()
    assert not at.exception
    summary = _summary(app.data_dir)
    index_2024 = summary[("2024", "index", None, None)]
    index_2023 = summary[("2023", "index", None, None)]
    metrics = {m.label: m for m in at.metric}
    assert metrics["Kulturindeks 2024"].value == _no(index_2024["mean"])
    change = _index_change(app.data_dir)
    assert change["change"] == round(round(index_2024["mean"], 2) - round(index_2023["mean"], 2), 2)
    # A change within the margin of error: its sign for the arrow, grey (significant is False).
    assert change["significant"] is False
    assert metrics["Kulturindeks 2024"].delta == ("+" if change["change"] >= 0 else "-") + _no(
        abs(change["change"])
    )
    assert metrics["Kulturindeks 2024"].proto.color == 2  # MetricColor.GRAY
    assert metrics["Respondenter 2024"].value == str(index_2024["n"])

    projects = json.loads(run_cli("projects", "--data-dir", str(app.data_dir), "--json").stdout)
    running = [p for p in projects if p["phase"] not in ("avsluttet", "stoppet")]
    zero = [p for p in running if p["zero_veto"]]
    assert metrics["Pågående prosjekter"].value == str(len(running))
    assert metrics["Pågående med et null-fundament"].value.startswith(f"{len(zero)} (")
    assert any("Du ser på **demodata**" in i.value for i in at.info)


def test_overview_charts_carry_the_data_and_takeaways_state_it(app):
    at = app.run()
    summary = _summary(app.data_dir)
    charts = {c.proto.id: json.loads(c.proto.spec) for c in at.get("plotly_chart")}
    assert len(charts) == 3
    trend = next(c for c in charts.values() if c["data"][0]["name"] == "Alle")
    rounds = [str(y) for y in range(2017, 2025)]
    assert trend["data"][0]["x"] == rounds
    assert trend["data"][0]["y"] == pytest.approx(
        [summary[(r, "index", None, None)]["mean"] for r in rounds], abs=1e-4
    )
    ledere = next(s for s in trend["data"] if s["name"] == "Ledere")
    assert ledere["y"][-1] == pytest.approx(summary[("2024", "index", None, "ledere")]["mean"], abs=1e-4)

    first, last = summary[("2017", "index", None, None)], summary[("2024", "index", None, None)]
    shown = takeaways(at)
    since_first = _index_change(app.data_dir, "--from", "2017")
    assert since_first["significant"] is True
    assert shown[0].startswith(
        f"Kulturindeksen økte fra 2017 til 2024 ({_no(first['mean'])} → {_no(last['mean'])}, "
        f"+{_no(since_first['change'])})."
    )
    assert "ledere kulturen mest positivt" in shown[0]

    bars = next(c for c in charts.values() if c["data"][0].get("orientation") == "h")
    latest = next(s for s in bars["data"] if s["name"] == "2024")
    assert latest["x"] == pytest.approx(
        [summary[("2024", k, None, None)]["mean"] for k in framework().indicator_ids], abs=1e-4
    )
    assert latest["y"][0] == "K1 Behovet først"
    # The latest round in the product's blue, the round before in the next Okabe-Ito colour, as on the slides.
    previous = next(s for s in bars["data"] if s["name"] == "2023")
    assert (latest["marker"]["color"], previous["marker"]["color"]) == (BLUE, ORANGE)
    assert shown[1].startswith("Ingen av kjennetegnene endret seg utenfor feilmarginen fra 2023 til 2024.")


def test_across_another_mix_the_indicators_chart_draws_the_latest_round_only(app):
    """A 2025 round of employees only: the bars of «alle» in 2024 are not drawn beside 2025."""
    store = Store(app.data_dir)
    responses = store.table("responses")
    employees = responses[(responses["round"] == "2024") & (responses["group"] == "ansatte")]
    store.commit(
        {"responses": pd.concat([responses, employees.assign(round="2025")], ignore_index=True)},
        {"kind": "test"},
        publication={"2025": "published"},
    )
    found = json.loads(run_cli("changes", "--data-dir", str(app.data_dir), "--json").stdout)
    everyone = [r for r in found if r["unit"] is None and r["group"] is None and r["indicator"] != "index"]
    assert everyone and all(r["note"] == "group_mix" for r in everyone)
    at = app.run()
    assert not at.exception
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    bars = next(c for c in charts if c["data"][0].get("orientation") == "h")
    assert [s["name"] for s in bars["data"]] == ["2025"]
    assert bars["data"][0]["x"] == pytest.approx([r["to_value"] for r in everyone], abs=0.005)
    assert "Kjennetegnene på innovasjonskultur, 2025" in [h.value for h in at.header]
    shown = takeaways(at)[1]
    assert shown.startswith("2025 har bare ansatte.")
    assert shown.endswith(
        "Diagrammet viser derfor bare 2025: tallene for alle i 2024 bygger på andre svargrupper "
        "og kan ikke sammenlignes med 2025."
    )
    table = at.table[1].value
    assert table["Forrige runde"].isna().all() and table["Endring"].isna().all()


def test_numbers_behind_each_chart_are_tables_with_the_charts_values(app):
    at = app.run()
    summary = _summary(app.data_dir)
    # The fifth table is «Tiltak og effekt» (tests/pages/test_actions_page.py).
    trend_table, indicator_table, phase_table, sector_table, _ = (table for table in shown_tables(at))
    assert list(sector_table.columns) == [
        "Sektor",
        "n (ansatte)",
        "Kulturindeksen",
        "Prosjekter",
        "Median fundamentindeks",
        "Andel nyttiggjort",
    ]
    assert int(sector_table["Prosjekter"].astype(int).sum()) == len(
        json.loads(run_cli("projects", "--data-dir", str(app.data_dir), "--json").stdout)
    )
    everyone = trend_table[trend_table["Gruppe"] == "Alle"].set_index("Runde")
    # As a reader sees them: a decimal comma, whole numbers without decimals.
    assert everyone.loc["2024", "Gjennomsnitt"] == _no(summary[("2024", "index", None, None)]["mean"])
    assert str(everyone.loc["2024", "Antall svar (n)"]) == str(summary[("2024", "index", None, None)]["n"])
    assert list(indicator_table["Kjennetegn"]) == list(framework().indicator_ids)
    projects = json.loads(run_cli("projects", "--data-dir", str(app.data_dir), "--json").stdout)
    assert phase_table["Prosjekter"].astype(int).sum() == len(projects)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Last ned CSV", "Last ned Excel"] * 4


def test_overview_follows_a_new_import(app, tmp_path):
    at = app.run()
    before = {m.label: m.value for m in at.metric}
    rows = "\n".join(f"n{i},Helse og omsorg,2025,ansatte," + ",".join(["5"] * 18) for i in range(30))
    items = [i.item_id for i in framework().items_for("ansatte")]
    path = tmp_path / "ny.csv"
    path.write_text(
        "respondent_id,enhet,runde,gruppe," + ",".join(items) + "\n" + rows + "\n", encoding="utf-8"
    )
    assert run_cli("import", str(path), "--data-dir", str(app.data_dir)).returncode == 0
    at.run()
    assert {m.label: m.value for m in at.metric} == before  # not published yet
    assert run_cli("publish", "2025", "--data-dir", str(app.data_dir), "--confirm-warnings").returncode == 0
    at.run()
    after = {m.label: m.value for m in at.metric}
    assert "Kulturindeks 2024" in before and "Kulturindeks 2025" in after
    # Only employees answered in 2025, all 5s: every indicator mean and the index are 5.
    assert after["Kulturindeks 2025"] == "5,00" and after["Respondenter 2025"] == "30"


def test_first_start_on_an_empty_folder_writes_the_demo(tmp_path, monkeypatch):
    at = app_test(tmp_path / "empty", monkeypatch).run()
    assert not at.exception
    assert Store(tmp_path / "empty").is_demo()
    assert any(m.label == "Kulturindeks 2024" for m in at.metric)


def test_empty_folder_without_demo_explains_how_to_import(tmp_path, monkeypatch):
    monkeypatch.setenv("INNOBARO_DEMO_ON_EMPTY", "0")
    at = app_test(tmp_path / "empty", monkeypatch).run()
    assert not at.exception
    assert at.info[0].value == (
        "Datamappa har ingen data ennå. En analytiker importerer en spørreundersøkelse "
        "på siden «Importer data»."
    )
    # Only the sign-in is recorded in the folder (its audit trail); no data is written.
    assert not at.metric and not Store(tmp_path / "empty").has_data()
    assert [e["action"] for e in Store(tmp_path / "empty").audit_log()] == ["sign_in"]


def test_strategy_page_shows_the_framework(app):
    at = app.run()
    at.switch_page("pages/strategien.py").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "- **K5 BLT i bruk** – BLT-metoden er i aktivt bruk" in text
    assert text.count("- **K") == 9
    assert "Hva er egentlig behovet vi skal løse?" in text
    assert "Innovasjonsdag for utvalgte målgrupper" in text


def test_questionnaire_page_offers_each_groups_items(app):
    at = app.run()
    at.switch_page("pages/sporreskjema.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["item_id"]) == [i.item_id for i in framework().items_for("ansatte")]
    at.selectbox(key="questionnaire_group").select("innbyggere").run()
    table = at.dataframe[0].value
    assert list(table["item_id"]) == [f"K{k}_3" for k in range(1, 10)]
    assert table.iloc[6]["utsagn"] == "Jeg får være med på å forme løsninger for lokalsamfunnet."
    csv_button = at.get("download_button")[0]
    assert csv_button.label == "Last ned spørreskjemaet for innbyggere (CSV)"
    assert csv_button.proto.url.endswith(".csv")


@pytest.mark.parametrize("page", sorted((REPO / "pages").glob("*.py")), ids=lambda p: p.stem)
def test_every_page_starts_by_going_through_the_router(page):
    import ast

    body = ast.parse(page.read_text(encoding="utf-8")).body
    statements = [
        node
        for node in body
        if not isinstance(node, (ast.Import, ast.ImportFrom, ast.Expr))
        or (isinstance(node, ast.Expr) and not isinstance(node.value, ast.Constant))
    ]
    first = ast.unparse(statements[0])
    assert first == "ui.use_router()", f"{page.name} must call ui.use_router() before anything else"


def _only_projects(folder):
    from analytics.ingest.demo import generate_demo

    tables = {k: v for k, v in generate_demo().items() if k != "responses"}
    Store(folder).commit(tables, {"kind": "test", "file_name": "prosjekter"})


def _only_survey(folder, tmp_path):
    items = [i.item_id for i in framework().items_for("ansatte")]
    rows = "\n".join(f"r{i},NAV,2025,ansatte," + ",".join(["4"] * len(items)) for i in range(6))
    path = tmp_path / "svar.csv"
    path.write_text("respondent_id,enhet,runde,gruppe," + ",".join(items) + "\n" + rows + "\n", "utf-8")
    assert run_cli("import", str(path), "--data-dir", str(folder)).returncode == 0
    assert run_cli("publish", "2025", "--data-dir", str(folder), "--confirm-warnings").returncode == 0


def _pages_of_every_role():
    """Every page a person with every role opens: all but Min enhet, which is only for a leader
    tied to units (tests/pages/test_my_unit.py and tests/browser/test_browser_my_unit.py)."""
    return [p for p in sorted((REPO / "pages").glob("*.py")) if p.stem != "min_enhet"]


@pytest.mark.parametrize("content", ["only_projects", "only_survey"])
def test_every_page_works_with_only_projects_or_only_a_survey(tmp_path, monkeypatch, content):
    folder = tmp_path / "store"
    if content == "only_projects":
        _only_projects(folder)
    else:
        _only_survey(folder, tmp_path)
    at = app_test(folder, monkeypatch).run()
    for page in _pages_of_every_role():
        at.switch_page(f"pages/{page.name}").run()
        assert not at.exception, (page.name, at.exception)
    at.switch_page("pages/oversikt.py").run()
    metrics = {m.label: m.value for m in at.metric}
    infos = " ".join(i.value for i in at.info)
    if content == "only_projects":
        assert "Ingen runde av spørreundersøkelsen er publisert ennå" in infos
        assert metrics["Pågående prosjekter"] == "22"
    else:
        assert metrics == {"Kulturindeks 2025": "4,00", "Respondenter 2025": "6"}
        assert "Ingen prosjekter er importert ennå" in infos


@pytest.mark.parametrize("strategy", STRATEGY_NAMES, indirect=True)
def test_every_page_and_its_numbers_follow_the_configured_strategy(app, strategy):
    fw = framework()
    at = app.run()
    assert not at.exception
    summary = _summary(app.data_dir)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kulturindeks 2024"] == _no(summary[("2024", "index", None, None)]["mean"])
    assert metrics["Respondenter 2024"] == str(summary[("2024", "index", None, None)]["n"])
    for page in _pages_of_every_role():
        at.switch_page(f"pages/{page.name}").run()
        assert not at.exception, (strategy, page.name)
        assert not [e.value for e in at.error], (strategy, page.name)

    at.switch_page("pages/innovasjonskultur.py").run()
    charts = {c.proto.id.rsplit("-", 1)[-1]: json.loads(c.proto.spec) for c in at.get("plotly_chart")}
    heat = charts["culture_heatmap"]["data"][0]
    assert heat["x"] == [f"{k.id} {k.label}" for k in fw.indicators] + ["Kulturindeks"]
    assert (heat["zmin"], heat["zmid"], heat["zmax"]) == (fw.scale_min, fw.scale_midpoint, fw.scale_max)
    assert heat["colorbar"]["tickvals"] == list(fw.scale_values)
    bars = [s for s in charts["culture_likert"]["data"] if s["type"] == "bar"]
    assert {s["name"] for s in bars} == {f"{s.id} {s.name}" for s in fw.likert_scale}
    # An odd scale splits its neutral answer across zero; an even one has no neutral bar.
    assert len(bars) == len(fw.scale_values) + (fw.neutral_value is not None)
    assert charts["culture_gap"]["layout"]["xaxis"]["range"] == [fw.scale_min, fw.scale_max]
    # The narrow screens' unit bars span the scale too (with room for the labels).
    assert charts["culture_unit_bars"]["layout"]["xaxis"]["range"][0] == fw.scale_min
    base = fw.name_of("groups", fw.baseline_group).lower()
    assert any(f"og {base}, 2024" in h.value for h in at.header)
    # The smallest unit is hidden in the heat map's numbers (the table the downloads hold).
    smallest = {"jevnaker": "Frivilligsentralen", "fjordvik": "Enhet D"}[strategy]
    heat_table = shown_tables(at)[0].set_index("Enhet")
    assert set(heat_table.loc[smallest].drop("Svarprosent")) == {"skjult"}
    assert heat_table.loc[smallest, "Svarprosent"] == "skjult (for få)"
    assert b"skjult" in to_csv_bytes(shown_tables(at)[0])
    largest = "Helse og omsorg" if strategy == "jevnaker" else "Enhet A"
    assert heat_table.loc[largest].iloc[0] == _no(
        summary[("2024", fw.indicator_ids[0], largest, None)]["mean"]
    )

    at.switch_page("pages/prosjekter.py").run()
    distribution = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if "fundament" in c.proto.id)
    assert distribution["data"][0]["y"] == [f.name for f in fw.fundaments]
    assert [s["name"] for s in distribution["data"]][:-1] == [
        f"{s.id} {s.name.lower()}" for s in fw.fundament_scale
    ]
    projects = json.loads(run_cli("projects", "--data-dir", str(app.data_dir), "--json").stdout)
    assert at.metric[0].value == str(sum(1 for p in projects if p["phase"] not in fw.closed_phases))

    at.switch_page("pages/sporreskjema.py").run()
    assert list(at.dataframe[0].value["item_id"]) == [i.item_id for i in fw.items_for(fw.baseline_group)]

    # The meeting view's first slide: the culture index over time, from the same summary as the CLI.
    at.switch_page("pages/mote.py").run()
    index_2024 = summary[("2024", "index", None, None)]
    line = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert round(line["y"][-1], 4) == index_2024["mean"]  # the summary rounds to four decimals
    assert f"runde 2024, n = {index_2024['n']}." in " ".join(as_written(m.value) for m in at.markdown)

    # Tiltak: the calls for action and the stored measures name the strategy's own indicators.
    at.switch_page("pages/tiltak.py").run()
    stored = at.dataframe[0].value
    assert len(stored) and set(stored["target"]) <= {*fw.indicator_ids, *fw.fundament_ids}
    calls = [m.value for m in at.markdown if m.value.startswith("**")]
    assert calls and all(any(f"{k.id} {k.label}:" in c for k in fw.indicators) for c in calls)


def test_a_broken_strategy_file_is_explained_instead_of_a_traceback(demo_copy, tmp_path, monkeypatch):
    folder = tmp_path / "strategi"
    folder.mkdir()
    (folder / "codebook.csv").write_bytes((REPO / "data" / "codebook.csv").read_bytes())
    raw = json.loads((REPO / "data" / "framework.json").read_text(encoding="utf-8"))
    raw["agree_values"] = [4, 9]
    (folder / "framework.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("INNOBARO_FRAMEWORK_DIR", str(folder))
    at = app_test(demo_copy, monkeypatch, timeout=30).run()
    assert not at.exception
    # The message quotes the file, so it is shown as literal text (markdown characters escaped).
    message = re.sub(r"\\(.)", r"\1", at.error[0].value)
    assert message.startswith(
        "Strategifilene kan ikke brukes: Strategifila: «agree_values» skal være verdier på svarskalaen 1–5"
    )
    assert "INNOBARO_FRAMEWORK_DIR" in message and not at.metric
