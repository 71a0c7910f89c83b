"""The pages Prosjekter og fundamenter, Samskaping and Virkemidler through app.py on the demo data."""

import json

import pandas as pd

from analytics.core.framework import framework
from analytics.store import Store
from tests.conftest import REPO, run_cli, shown_tables, shown_text, takeaways

APP = str(REPO / "app.py")
CLOSED = ("avsluttet", "stoppet")


def _projects(folder):
    result = run_cli("projects", "--data-dir", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _charts(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_risk_list_puts_zero_veto_first_then_lowest_index(app):
    at = app.switch_page("pages/prosjekter.py").run()
    assert not at.exception
    running = [p for p in _projects(app.data_dir) if p["phase"] not in CLOSED]
    vetoed = sorted(
        (p for p in running if p["zero_veto"]),
        key=lambda p: (-list(p["scores"].values()).count(0), p["project_id"]),
    )
    ranked = sorted(
        (p for p in running if not p["zero_veto"] and p["fundament_index"] is not None),
        key=lambda p: (p["fundament_index"], p["project_id"]),
    )
    unknown = sorted(p["project_id"] for p in running if not p["zero_veto"] and p["fundament_index"] is None)
    assert vetoed and unknown  # the demo has both kinds

    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Prosjekter valgt"] == str(len(running))
    assert metrics["Med et null-fundament"] == str(len(vetoed))
    assert metrics["Ikke ferdig vurdert"] == str(len(unknown))

    risk = at.dataframe[0].value
    assert risk["Id"].tolist() == [p["project_id"] for p in vetoed + ranked] + unknown
    assert risk["Nr."].tolist() == list(range(1, len(running) + 1))
    assert risk["Fundamentindeks"].tolist()[: len(vetoed)] == ["0"] * len(vetoed)
    assert risk["Fundamentindeks"].tolist()[len(vetoed)] == f"{ranked[0]['fundament_index']:.0f}"
    assert risk["Fundamentindeks"].tolist()[-len(unknown) :] == ["ikke vurdert"] * len(unknown)
    names = {f.id: f.name for f in framework().fundaments}
    first = vetoed[0]
    zeros = [names[f] for f, v in first["scores"].items() if v == 0]
    assert risk.loc[0, "Holder igjen"] == ", ".join(f"{n} er 0" for n in zeros)
    missing = next(p for p in running if p["project_id"] == unknown[0])
    assert risk.iloc[-len(unknown)]["Ikke vurdert"] == ", ".join(
        names[f] for f, v in missing["scores"].items() if v is None
    )
    takeaway = takeaways(at)[0]
    assert takeaway.startswith(f"{len(vetoed)} av {len(running)} prosjekter har et fundament vurdert til 0")
    assert all(p["name"] in takeaway for p in vetoed) and ranked[0]["name"] in takeaway


def test_portfolio_table_filters_and_fundament_distribution(app):
    at = app.switch_page("pages/prosjekter.py").run()
    at.selectbox(key="projects_status").select("all").run()
    at.multiselect(key="projects_sector").select("Helse og omsorg").run()
    assert not at.exception
    chosen = [p for p in _projects(app.data_dir) if p["sector"] == "Helse og omsorg"]
    table = at.dataframe[1].value.set_index("Id")
    assert sorted(table.index) == sorted(p["project_id"] for p in chosen)
    for p in chosen:
        row = table.loc[p["project_id"]]
        shown = [row[names] for names in ("Behov", "Løsning", "Pådriver", "Team", "Forankring")]
        assert shown == [
            "ikke vurdert" if p["scores"][f] is None else str(p["scores"][f])
            for f in framework().fundament_ids
        ]
        assert "padriver" not in table.columns  # only whether one is registered
        assert row["Pådriver registrert"] == "Ja"
    distribution = next(
        c for c in _charts(at) if c["layout"]["meta"]["title"] == "Fordelingen av hvert fundament"
    )
    zeros = next(trace for trace in distribution["data"] if trace["name"] == "0 mangler")
    assert zeros["x"] == [sum(1 for p in chosen if p["scores"][f] == 0) for f in framework().fundament_ids]
    missing = next(trace for trace in distribution["data"] if trace["name"] == "ikke vurdert")
    assert missing["x"] == [
        sum(1 for p in chosen if p["scores"][f] is None) for f in framework().fundament_ids
    ]
    padriver = Store(app.data_dir).table("projects")["padriver"]
    shown = shown_text(at)
    assert not any(name in shown for name in padriver)


def test_project_profile_shows_the_latest_scores_history_and_phases(app):
    at = app.switch_page("pages/prosjekter.py").run()
    records = [p for p in _projects(app.data_dir) if p["phase"] not in CLOSED]
    unknown = next(p for p in records if p["fundament_index"] is None and not p["zero_veto"])
    at.selectbox(key="profile_project").select(unknown["project_id"]).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Fundamentindeks"] == "ikke vurdert"
    scores = next(c for c in _charts(at) if c["layout"]["meta"]["title"] == "Siste vurdering av fundamentene")
    assert scores["data"][0]["x"] == [
        unknown["scores"][f] for f in framework().fundament_ids
    ]  # None stays null, never 0
    assert any(label.endswith("(ikke vurdert)") for label in scores["data"][0]["y"])
    assert any(t.startswith("Indeksen er ukjent fordi") for t in takeaways(at))

    store = Store(app.data_dir)
    assessments = store.table("assessments")
    mine = assessments[assessments["project_id"] == unknown["project_id"]]
    frames = [*(d.value for d in at.dataframe), *shown_tables(at)]
    history = next(df for df in frames if "Vurdert dato" in df.columns)
    assert history["Vurdert dato"].tolist() == [d.strftime("%d.%m.%Y") for d in sorted(mine["assessed_on"])]
    phases = store.table("phases")
    timeline = next(df for df in frames if "Runde" in df.columns)
    own = phases[phases["project_id"] == unknown["project_id"]].sort_values("started_on")
    phase_names = {p.id: p.name for p in framework().project_phases}
    assert timeline["Fase"].tolist() == [phase_names[p] for p in own["phase"]]

    vetoed = next(p for p in records if p["zero_veto"])
    at.selectbox(key="profile_project").select(vetoed["project_id"]).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Fundamentindeks"] == "0"
    assert any(
        t.endswith("er vurdert til 0: prosjektet vil mest sannsynlig ikke lykkes uten tiltak.")
        for t in takeaways(at)
    )


def test_cocreation_page_numbers_match_the_tables(app):
    at = app.switch_page("pages/samskaping.py").run()
    assert not at.exception
    store = Store(app.data_dir)
    projects, actors = store.table("projects"), store.table("actors")
    with_citizens = actors[(actors["phase"] == "behov") & (actors["actor"] == "innbyggere")][
        "project_id"
    ].nunique()
    share = round(100 * with_citizens / len(projects))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Prosjekter med innbyggere i behovsfasen"] == f"{with_citizens} ({share}\u00a0%)"
    assert takeaways(at)[0].startswith(f"{with_citizens} av {len(projects)} prosjekter ({share}\u00a0%)")
    charts = {c["layout"]["meta"]["title"]: c for c in _charts(at)}
    matrix = charts["Aktører i hvert prosjekt (antall faser aktøren var med i)"]["data"][0]
    assert sum(map(sum, matrix["z"])) == len(actors.drop_duplicates())
    reach = charts["Hvor mange prosjekter hver aktør er med i"]["data"][0]
    names = {a.id: a.name for a in framework().actors}
    per_actor = actors.groupby("actor")["project_id"].nunique()
    assert dict(zip(reach["y"], reach["x"])) == {names[a]: int(per_actor.get(a, 0)) for a in names}


def test_instruments_page_compares_delivery_with_the_plan(app):
    at = app.switch_page("pages/virkemidler.py").run()
    assert at.selectbox(key="instruments_year").value == 2024
    at.selectbox(key="instruments_year").select(2020).run()
    assert not at.exception
    store = Store(app.data_dir)
    events, plan = store.table("events"), store.table("event_plan")
    held = events[events["held_on"].dt.year == 2020]
    planned = plan[plan["year"] == 2020].set_index("instrument")["planned"]
    counts = held["instrument"].value_counts()
    as_planned = sum(min(int(counts.get(i, 0)), int(n)) for i, n in planned.items())
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Planlagt"] == str(int(planned.sum()))
    assert metrics["Gjennomført av planen"] == str(as_planned)
    assert metrics["Arrangementer holdt"] == str(len(held))
    chart = next(
        c for c in _charts(at) if c["layout"]["meta"]["title"] == "Planlagt og gjennomført per virkemiddel"
    )
    delivered = next(trace for trace in chart["data"] if trace["name"] == "Gjennomført")
    ids = [i.id for i in framework().instruments]
    assert delivered["x"] == [int(counts.get(i, 0)) for i in ids]
    assert takeaways(at)[0].startswith(
        f"I 2020 ble {as_planned} av {int(planned.sum())} planlagte arrangementer"
    )
    events_table = at.dataframe[-2].value
    assert len(events_table) == len(held)
    assert pd.Series(events_table["Ansatte"]).sum() == int(held["participants_ansatte"].sum())
    labels = [b.label for b in at.get("download_button")]
    assert "Last ned malen (Excel, alle tabeller)" in labels and "Mal: event_plan (CSV)" in labels
