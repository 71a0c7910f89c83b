import math

import pandas as pd
import pytest

from analytics import portfolio
from analytics.framework import framework


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
    assert portfolio.portfolio_takeaway(health) == (
        "1 av 2 pågående prosjekter (50\u00a0%) har minst ett fundament vurdert til 0 "
        "og vil mest sannsynlig ikke lykkes uten tiltak."
    )
    table = portfolio.phase_table(records, framework().project_phases)
    assert table.set_index("phase").loc["stoppet", ["projects", "with_zero"]].tolist() == [1, 1]
    assert table["projects"].sum() == 3
