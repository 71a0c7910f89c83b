import math

import pandas as pd
import pytest

from analytics.core.framework import framework
from analytics.measures import portfolio
from analytics.present import portfolio_text


def scores(behov=4, losning=4, padriver=4, team=4, forankring=4):
    return dict(behov=behov, losning=losning, padriver=padriver, team=team, forankring=forankring)


@pytest.mark.parametrize(
    ("given", "index", "veto", "weakest"),
    [
        (scores(), 100.0, False, ["behov", "losning", "padriver", "team", "forankring"]),
        (scores(0, 0, 0, 0, 0), 0.0, True, ["behov", "losning", "padriver", "team", "forankring"]),
        (scores(2, 2, 2, 2, 2), 50.0, False, ["behov", "losning", "padriver", "team", "forankring"]),
        (scores(team=2), 100 * 0.5**0.2, False, ["team"]),
        (scores(behov=3, forankring=1), 100 * (0.75 * 0.25) ** 0.2, False, ["forankring"]),
        (scores(behov=1, team=1), 100 * (0.25 * 0.25) ** 0.2, False, ["behov", "team"]),
        (scores(padriver=0), 0.0, True, ["padriver"]),
        (scores(padriver=0, team=0), 0.0, True, ["padriver", "team"]),
        # A missing score is "ikke vurdert": the index is unknown, never zero...
        (scores(losning=None), None, False, ["behov", "padriver", "team", "forankring"]),
        (scores(losning=float("nan"), team=3), None, False, ["team"]),
        (scores(losning=pd.NA, team=2), None, False, ["team"]),
        # ...unless another fundament is 0: then the product is 0 whatever the missing one is.
        (scores(losning=None, padriver=0), 0.0, True, ["padriver"]),
        (scores(None, None, None, None, None), None, False, []),
    ],
)
def test_fundament_index_zero_veto_and_weakest(given, index, veto, weakest):
    result = portfolio.fundament_index(given)
    if index is None:
        assert result is None
    else:
        assert result == pytest.approx(index, abs=1e-9)
    assert portfolio.zero_veto(given) is veto
    assert portfolio.weakest(given) == weakest


def test_index_value_for_a_typical_project():
    # 3,3,4,2,3 -> 100 * (0.75*0.75*1*0.5*0.75) ** (1/5)
    assert portfolio.fundament_index(scores(3, 3, 4, 2, 3)) == pytest.approx(73.2539, abs=1e-4)
    assert math.isclose(portfolio.fundament_index(scores(1, 1, 1, 1, 1)), 25.0)


def _portfolio_frames():
    d = pd.to_datetime
    projects = pd.DataFrame(
        {
            "project_id": ["P1", "P2", "P3"],
            "name": ["A", "B", "C"],
            "sector": ["Helse og omsorg", "Kultur og fritid", "NAV"],
        }
    )
    assessments = pd.DataFrame(
        {
            "project_id": ["P1", "P1", "P2", "P2", "P3"],
            "assessed_on": d(["2020-01-01", "2021-01-01", "2020-06-01", "2019-01-01", "2022-01-01"]),
            "assessor_role": ["leder"] * 5,
            "behov": [1, 4, 3, 4, 2],
            "losning": [1, 4, 3, 4, None],
            "padriver": [1, 4, 0, 4, 2],
            "team": [1, 4, 3, 4, 2],
            "forankring": [1, 3, 3, 4, 2],
        }
    )
    phases = pd.DataFrame(
        {
            "project_id": ["P1", "P1", "P1", "P2", "P2", "P3"],
            "phase": ["behov", "losning", "implementert", "behov", "stoppet", "behov"],
            "started_on": d(
                ["2019-01-01", "2019-06-01", "2021-03-01", "2018-01-01", "2020-07-01", "2021-09-01"]
            ),
        }
    )
    actors = pd.DataFrame(
        {
            "project_id": ["P1", "P1", "P1", "P2"],
            "phase": ["behov", "behov", "losning", "behov"],
            "actor": ["innbyggere", "ansatte", "innbyggere", "ansatte"],
        }
    )
    return projects, assessments, phases, actors


def test_project_summaries_use_the_latest_assessment():
    records = portfolio.project_summaries(*_portfolio_frames())
    by_id = {r["project_id"]: r for r in records}
    assert by_id["P1"]["scores"] == scores(4, 4, 4, 4, 3)
    assert by_id["P1"]["fundament_index"] == pytest.approx(100 * 0.75**0.2, abs=0.005)
    assert by_id["P1"]["phase"] == "implementert"
    assert by_id["P1"]["actors"] == ["ansatte", "innbyggere"]
    # P2's latest assessment is from 2020 (the 2019 row is older despite its order).
    assert by_id["P2"]["zero_veto"] is True and by_id["P2"]["fundament_index"] == 0.0
    assert by_id["P2"]["weakest"] == ["padriver"]
    assert by_id["P3"]["scores"]["losning"] is None
    assert by_id["P3"]["fundament_index"] is None and by_id["P3"]["zero_veto"] is False


def test_portfolio_health_and_takeaway():
    projects, assessments, phases, actors = _portfolio_frames()
    # Make P3 (open) zero-vetoed as well; P2 is stopped and does not count as open.
    assessments.loc[4, "team"] = 0
    records = portfolio.project_summaries(projects, assessments, phases, actors)
    health = portfolio.portfolio_health(records)
    assert health == {
        "per_phase": {"implementert": 1, "stoppet": 1, "behov": 1},
        "open": 2,
        "open_with_zero": 1,
        "share_open_with_zero": 0.5,
    }
    assert portfolio_text.portfolio_takeaway(health) == (
        "1 av 2 pågående prosjekter (50\u00a0%) har minst ett fundament vurdert til 0 "
        "og vil mest sannsynlig ikke lykkes uten tiltak."
    )
    table = portfolio_text.phase_table(records, framework().project_phases)
    assert table.set_index("phase").loc["stoppet", ["projects", "with_zero"]].tolist() == [1, 1]
    assert table["projects"].sum() == 3


# ---------------------------------------------------------------- risk, distributions, movement

NAMES = {f.id: f.name for f in framework().fundaments}


def _risk_frames():
    """Seven projects whose ids do not follow their risk order."""
    table = {
        "R1": scores(),  # all four
        "R2": scores(0, 0, 0, 0, 0),  # all zero
        "R3": scores(padriver=0),
        "R4": scores(team=2),
        "R5": scores(behov=1, team=1),  # a tie for weakest
        "R6": scores(losning=None, behov=3, padriver=3, team=3, forankring=3),  # missing score
        "R7": scores(None, None, None, None, None),
    }
    projects = pd.DataFrame(
        {"project_id": list(table), "name": [f"Prosjekt {p}" for p in table], "sector": ["NAV"] * 7}
    )
    assessments = pd.DataFrame(
        [
            {"project_id": p, "assessed_on": pd.Timestamp("2024-05-01"), "assessor_role": "leder", **s}
            for p, s in table.items()
        ]
    ).astype({f: "Int8" for f in NAMES})
    phases = pd.DataFrame(
        {"project_id": list(table), "phase": ["test"] * 7, "started_on": pd.Timestamp("2024-01-01")}
    )
    actors = pd.DataFrame(columns=["project_id", "phase", "actor"])
    return portfolio.project_summaries(projects, assessments, phases, actors)


def test_risk_list_puts_zero_veto_first_then_the_lowest_index_and_unknown_last():
    risk = portfolio.risk_list(_risk_frames(), NAMES)
    assert risk["project_id"].tolist() == ["R2", "R3", "R5", "R4", "R1", "R6", "R7"]
    by_id = risk.set_index("project_id")
    assert by_id.loc["R2", "holding_back"] == (
        "Behov er 0, Løsning er 0, Pådriver er 0, Team er 0, Forankring er 0"
    )
    assert by_id.loc["R3", "holding_back"] == "Pådriver er 0"
    assert by_id.loc["R5", "holding_back"] == "Behov (1), Team (1)"
    assert by_id.loc["R5", "fundament_index"] == pytest.approx(100 * 0.0625**0.2, abs=0.005)
    assert by_id.loc["R4", "holding_back"] == "Team (2)"
    assert by_id.loc["R1", "holding_back"] == "ingenting (alle fullt på plass)"
    # A missing score is "ikke vurdert": named as such, and the index is unknown (not 0).
    assert by_id.loc["R6", "not_assessed"] == "Løsning"
    assert pd.isna(by_id.loc["R6", "fundament_index"]) and not by_id.loc["R6", "zero_veto"]
    assert by_id.loc["R6", "holding_back"] == "Behov (3), Pådriver (3), Team (3), Forankring (3)"
    assert by_id.loc["R7", "holding_back"] == "ikke vurdert"
    assert by_id.loc["R7", "not_assessed"] == "Behov, Løsning, Pådriver, Team, Forankring"
    assert portfolio_text.fmt_index(by_id.loc["R6", "fundament_index"]) == "ikke vurdert"
    assert portfolio_text.fmt_index(by_id.loc["R2", "fundament_index"]) == "0"
    assert portfolio_text.risk_takeaway(risk) == (
        "2 av 7 prosjekter har et fundament vurdert til 0 og vil mest sannsynlig ikke lykkes uten tiltak: "
        "Prosjekt R2 (Behov er 0, Løsning er 0, Pådriver er 0, Team er 0, Forankring er 0) og "
        "Prosjekt R3 (Pådriver er 0). Lavest indeks ellers: Prosjekt R5 (57), holdes igjen av "
        "Behov (1), Team (1)."
    )


def test_distribution_and_limiting_fundaments_count_missing_as_not_assessed():
    summaries = portfolio.project_summaries(*_portfolio_frames())
    distribution = portfolio.fundament_distribution(summaries).set_index("fundament")
    assert distribution.loc["behov"].tolist() == [0, 0, 1, 1, 1, 0]
    assert distribution.loc["losning"].tolist() == [0, 0, 0, 1, 1, 1]
    assert distribution.loc["padriver"].tolist() == [1, 0, 1, 0, 1, 0]
    assert distribution.loc["forankring"].tolist() == [0, 0, 1, 2, 0, 0]
    assert portfolio_text.distribution_takeaway(distribution.reset_index(), NAMES) == (
        "Pådriver er oftest svakt eller mangler: 1 av 3 prosjekter har 1 eller 0 (1 har 0). "
        "1 fundamentvurderinger mangler (ikke vurdert)."
    )
    limiting = portfolio.limiting_fundaments(summaries).set_index("fundament")
    assert limiting["limiting"].tolist() == [1, 0, 2, 1, 2]
    assert limiting["zero"].tolist() == [0, 0, 1, 0, 0]
    assert limiting["not_assessed"].tolist() == [0, 1, 0, 0, 0]
    assert portfolio_text.limiting_takeaway(limiting.reset_index(), NAMES, 3) == (
        "Pådriver og Forankring holder oftest prosjektene igjen: svakest i 2 av 3 prosjekter."
    )
    # All fundaments at 4 limit nothing.
    assert portfolio.limiting_fundaments(_risk_frames()[:1])["limiting"].tolist() == [0] * 5


def test_movement_between_assessments_and_history():
    _, assessments, _, _ = _portfolio_frames()
    movement = portfolio.assessment_movement(assessments)
    assert list(movement.index) == ["P1", "P2"]  # P3 has one assessment
    p1, p2 = movement.loc["P1"], movement.loc["P2"]
    assert p1["previous_index"] == pytest.approx(25.0)
    assert p1["index_change"] == pytest.approx(100 * 0.75**0.2 - 25, abs=1e-9)
    assert p1["improved"] == ["behov", "losning", "padriver", "team", "forankring"] and p1["worsened"] == []
    assert p2["previous_on"] == pd.Timestamp("2019-01-01") and p2["index_change"] == -100.0
    assert p2["worsened"] == ["behov", "losning", "padriver", "team", "forankring"]

    history = portfolio.assessment_history(assessments, "P1")
    assert history["fundament_index"].tolist() == pytest.approx([25.0, 100 * 0.75**0.2])
    assert history["weakest"].tolist() == [list(NAMES), ["forankring"]]
    assert portfolio_text.history_takeaway(history, NAMES) == (
        "Siden forrige vurdering (01.01.2020) har indeksen gått fra 25 til 94. "
        "Bedre: Behov, Løsning, Pådriver, Team og Forankring."
    )
    p3 = portfolio.assessment_history(assessments, "P3")
    assert pd.isna(p3.loc[0, "losning"]) and p3.loc[0, "fundament_index"] is None
    assert portfolio_text.history_takeaway(p3, NAMES) == "Prosjektet er vurdert én gang (01.01.2022)."


def test_scores_takeaway_for_zero_missing_full_and_typical():
    by_id = {r["project_id"]: r for r in _risk_frames()}
    assert portfolio_text.scores_takeaway(by_id["R3"], NAMES) == (
        "Pådriver er vurdert til 0: prosjektet vil mest sannsynlig ikke lykkes uten tiltak."
    )
    assert portfolio_text.scores_takeaway(by_id["R6"], NAMES) == (
        "Indeksen er ukjent fordi Løsning ikke er vurdert; svakest av de vurderte er "
        "Behov, Pådriver, Team og Forankring (3)."
    )
    assert (
        portfolio_text.scores_takeaway(by_id["R1"], NAMES)
        == "Alle fundamentene er fullt på plass (indeks 100)."
    )
    assert portfolio_text.scores_takeaway(by_id["R4"], NAMES) == "Fundamentindeks 87: svakest er Team (2)."
    assert portfolio_text.scores_takeaway(by_id["R7"], NAMES) == "Prosjektet er ikke vurdert ennå."


def test_fundament_trend_takes_running_projects_at_each_year_end():
    _, assessments, phases, _ = _portfolio_frames()
    trend = portfolio.fundament_trend(assessments, phases).set_index(["year", "fundament"])
    assert sorted({y for y, _ in trend.index}) == [2019, 2020, 2021, 2022]
    # 2019: only P2 (all 4). 2020: P2 is stopped, P1's first assessment (all 1).
    assert trend.loc[(2019, "padriver"), ["mean", "assessed", "zeros"]].tolist() == [4.0, 1, 0]
    assert trend.loc[(2020, "padriver"), ["mean", "assessed", "zeros"]].tolist() == [1.0, 1, 0]
    assert trend.loc[(2021, "forankring"), "mean"] == 3.0
    # 2022: P1 (4,4,4,4,3) and P3 (2, not assessed, 2, 2, 2).
    assert trend.loc[(2022, "behov"), "mean"] == 3.0
    assert trend.loc[(2022, "losning"), ["mean", "assessed", "not_assessed"]].tolist() == [4.0, 1, 1]
    assert trend.loc[(2022, "forankring"), "mean"] == 2.5
    assert portfolio_text.trend_takeaway(trend.reset_index(), NAMES) == (
        "Fra 2019 til 2022 har ingen fundamenter økt; Forankring har falt mest (4,0 til 2,5). "
        "Svakest ved utgangen av 2022: Forankring (2,5 i snitt)."
    )


# ---------------------------------------------------------------- BLT, stor B, co-creation, 3N


def _blt_frames():
    d = pd.Timestamp
    phases = pd.DataFrame(
        [
            ("Q1", "behov", d("2020-01-01"), 1),
            ("Q1", "losning", d("2020-03-01"), 1),
            ("Q1", "test", d("2020-05-01"), 1),
            ("Q1", "behov", d("2020-09-01"), 2),
            ("Q1", "losning", d("2020-10-01"), 2),
            ("Q2", "losning", d("2021-01-01"), None),
            ("Q2", "test", d("2021-02-01"), None),
            ("Q3", "behov", d("2022-01-01"), 1),
            ("Q4", "behov", d("2019-06-01"), 1),
            ("Q4", "losning", d("2019-06-11"), 1),
            ("Q4", "implementert", d("2021-01-01"), 3),
        ],
        columns=["project_id", "phase", "started_on", "loop"],
    ).astype({"loop": "Int8"})
    actors = pd.DataFrame(
        [
            ("Q1", "behov", "innbyggere"),
            ("Q1", "behov", "ansatte"),
            ("Q1", "losning", "ansatte"),
            ("Q1", "test", "innbyggere"),
            ("Q2", "losning", "ansatte"),
            ("Q2", "test", "naeringsliv"),
            ("Q3", "behov", "innbyggere"),
            ("Q3", "behov", "parorende"),
            ("Q4", "behov", "ansatte"),
        ],
        columns=["project_id", "phase", "actor"],
    )
    projects = pd.DataFrame(
        {
            "project_id": ["Q1", "Q2", "Q3", "Q4"],
            "name": ["Q1 navn", "Q2 navn", "Q3 navn", "Q4 navn"],
            "started_on": pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01", "2020-06-01"]),
        }
    )
    outcomes = pd.DataFrame(
        [
            ("Q1", "nytt"),
            ("Q1", "nyttig"),
            ("Q1", "nyttiggjort"),
            ("Q2", "nytt"),
            ("Q4", "nytt"),
            ("Q4", "nyttig"),
        ],
        columns=["project_id", "criterion"],
    ).assign(reached_on=pd.Timestamp("2022-01-01"))
    return projects, phases, actors, outcomes


def test_phase_funnel_and_blt_loops():
    _, phases, _, _ = _blt_frames()
    funnel = portfolio.phase_funnel(phases, framework().project_phases).set_index("phase")
    assert funnel["reached"].to_dict() == {
        "behov": 3,
        "losning": 3,
        "test": 2,
        "implementert": 1,
        "spredt": 0,
        "avsluttet": 0,
        "stoppet": 0,
    }
    assert funnel["current"].to_dict() == {
        "behov": 1,
        "losning": 1,
        "test": 1,
        "implementert": 1,
        "spredt": 0,
        "avsluttet": 0,
        "stoppet": 0,
    }
    assert portfolio_text.funnel_takeaway(funnel.reset_index(), 4) == (
        "Av 4 prosjekter har 2 nådd test, 1 nådd implementert og 0 nådd spredt."
    )
    loops = portfolio.blt_loops(phases)
    assert loops.to_dict("list") == {"loops": [1, 2, 3], "projects": [2, 1, 1]}  # a blank loop counts as 1
    assert portfolio_text.loops_takeaway(loops) == (
        "2 av 4 prosjekter har gått mer enn én runde med Behov–Løsning–Test; flest runder: 3."
    )


def test_stor_b_citizens_in_behov_and_days_before_losning():
    _, phases, actors, _ = _blt_frames()
    checks = portfolio.behov_first(["Q1", "Q2", "Q3", "Q4"], phases, actors)
    assert checks["citizens_in_behov"].tolist() == [True, False, True, False]
    assert checks["solution_first"].tolist() == [False, True, False, False]
    assert checks["had_behov"].tolist() == [True, False, True, True]
    # First behov to first løsning; 0 when the solution came first; unknown before løsning.
    assert checks["days_in_behov"].tolist()[:2] == [60, 0]
    assert pd.isna(checks.loc["Q3", "days_in_behov"]) and checks.loc["Q4", "days_in_behov"] == 10
    summary = portfolio.stor_b_summary(checks)
    assert summary == {
        "projects": 4,
        "citizens_in_behov": 2,
        "share_citizens_in_behov": 0.5,
        "solution_first": 1,
        "median_days_in_behov": 10.0,
    }
    assert portfolio_text.stor_b_takeaway(summary) == (
        "2 av 4 prosjekter (50\u00a0%) hadde innbyggere med i behovsfasen. Behovsfasen varte i median "
        "10 dager før løsningen startet. Løsningen kom før behovet i 1 av prosjektene."
    )


def test_co_creation_matrix_reach_and_breadth_over_time():
    projects, phases, actors, _ = _blt_frames()
    ids = ["Q1", "Q2", "Q3", "Q4"]
    actor_ids = tuple(a.id for a in framework().actors)
    matrix = portfolio.actor_matrix(actors, ids, actor_ids)
    assert list(matrix.columns) == list(actor_ids) and list(matrix.index) == ids
    assert matrix.loc["Q1", "innbyggere"] == 2 and matrix.loc["Q1", "ansatte"] == 2
    assert matrix.loc["Q3"].to_dict() == {
        a: (1 if a in ("innbyggere", "parorende") else 0) for a in actor_ids
    }
    assert int(matrix.to_numpy().sum()) == 9
    reach = portfolio.actor_reach(matrix).set_index("actor")
    assert reach.loc["ansatte"].tolist() == [3, 0.75]
    assert reach.loc["innbyggere"].tolist() == [2, 0.5]
    assert reach.loc["utbyggere", "projects"] == 0
    actor_names = {a.id: a.name for a in framework().actors}
    assert portfolio_text.reach_takeaway(reach.reset_index(), actor_names, 4) == (
        "Ansatte er med i flest prosjekter (3 av 4); sjeldnest med er Politikere, Eiendomsutviklere, "
        "Utbyggere, Nabokommuner, Frivillighet og Andre samarbeidspartnere (0)."
    )
    project_names = dict(zip(projects["project_id"], projects["name"]))
    assert portfolio_text.matrix_takeaway(matrix, project_names) == (
        "Prosjektene har i snitt 1,8 av 10 aktørtyper med; bredest er Q1 navn med 2."
    )
    checks = portfolio.behov_first(ids, phases, actors)
    by_year = portfolio.breadth_by_start_year(projects, matrix, checks)
    assert by_year.to_dict("list") == {
        "year": [2020, 2021, 2022],
        "projects": [2, 1, 1],
        "mean_breadth": [1.5, 2.0, 2.0],
        "citizens_in_behov": [1, 0, 1],
        "share_citizens_in_behov": [0.5, 0.0, 1.0],
    }
    assert portfolio_text.breadth_takeaway(by_year) == (
        "Prosjekter startet i 2020 hadde i snitt 1,5 aktørtyper med, prosjekter startet i 2022 2,0."
    )


def test_nytt_nyttig_nyttiggjort_funnel():
    _, _, _, outcomes = _blt_frames()
    funnel = portfolio.criteria_funnel(outcomes, ["Q1", "Q2", "Q3", "Q4"], framework().innovation_criteria)
    assert funnel["projects"].tolist() == [3, 2, 1]
    assert funnel["share"].tolist() == [0.75, 0.5, 0.25]
    assert funnel["share_of_previous"].tolist()[1:] == pytest.approx([2 / 3, 0.5])
    assert pd.isna(funnel["share_of_previous"].iloc[0])
    assert portfolio_text.criteria_takeaway(funnel, 4) == (
        "Av 4 prosjekter er 3 nytt, 2 nyttig og 1 nyttiggjort (25\u00a0%)."
    )


def test_phase_timeline_lasts_until_the_next_phase_and_closed_phases_have_no_end():
    _, phases, _, _ = _blt_frames()
    timeline = portfolio.phase_timeline(phases, "Q1", pd.Timestamp("2021-01-01"))
    assert timeline["phase"].tolist() == ["behov", "losning", "test", "behov", "losning"]
    assert timeline["loop"].tolist() == [1, 1, 1, 2, 2]
    assert timeline["days"].tolist() == [60, 61, 123, 30, 92]
    phase_names = {p.id: p.name for p in framework().project_phases}
    assert portfolio_text.timeline_takeaway(timeline, phase_names) == (
        "Prosjektet er i fasen Løsning siden 01.10.2020, etter 2 runde(r) med Behov–Løsning–Test."
    )
    _, _, stopped, _ = _portfolio_frames()
    p2 = portfolio.phase_timeline(stopped, "P2", pd.Timestamp("2024-01-01"))
    assert p2["phase"].tolist() == ["behov", "stoppet"]
    assert p2["days"].iloc[0] == 912 and pd.isna(p2["ended_on"].iloc[1]) and pd.isna(p2["days"].iloc[1])


def test_portfolio_frame_never_carries_the_padriver_name():
    projects, assessments, phases, actors = _portfolio_frames()
    projects = projects.assign(
        padriver=["Kari Nordmann", None, "  "],
        started_on=pd.to_datetime(["2019-01-01", "2018-01-01", "2021-09-01"]),
        handlingsrom_avklart=pd.array([True, None, False], dtype="boolean"),
        arets_innovasjonsprosjekt=["vinner 2021", None, None],
    )
    frame = portfolio.portfolio_frame(
        projects, portfolio.project_summaries(projects, assessments, phases, actors)
    )
    assert "padriver" in frame.columns and "Kari Nordmann" not in frame.astype(str).to_numpy().ravel()
    assert frame["has_padriver"].tolist() == [True, False, False]
    assert frame["padriver"].tolist() == [4, 0, 2]  # the Pådriver score, not the name
    assert pd.isna(frame.loc[2, "losning"]) and pd.isna(frame.loc[2, "fundament_index"])


def test_takeaways_when_nothing_is_assessed_and_no_actors_are_registered():
    unassessed = [r for r in _risk_frames() if r["project_id"] == "R7"]
    none = "Ingen av prosjektene er vurdert på fundamentene ennå."
    assert portfolio_text.risk_takeaway(portfolio.risk_list(unassessed, NAMES)) == none
    assert portfolio_text.distribution_takeaway(portfolio.fundament_distribution(unassessed), NAMES) == none
    assert portfolio_text.limiting_takeaway(portfolio.limiting_fundaments(unassessed), NAMES, 1) == none
    matrix = portfolio.actor_matrix(
        pd.DataFrame(columns=["project_id", "phase", "actor"]),
        ["R7"],
        tuple(a.id for a in framework().actors),
    )
    assert matrix.to_numpy().sum() == 0 and matrix.shape == (1, 10)
    reach = portfolio.actor_reach(matrix)
    assert portfolio_text.reach_takeaway(reach, {a.id: a.name for a in framework().actors}, 1) == (
        "Ingen aktører er registrert for prosjektene ennå."
    )
    assert (
        portfolio_text.matrix_takeaway(matrix, {"R7": "Prosjekt R7"})
        == "Ingen aktører er registrert for prosjektene ennå."
    )
