import pandas as pd

from analytics.core.framework import framework
from analytics.measures import instruments
from analytics.present import instruments_text

IDS = tuple(i.id for i in framework().instruments)
NAMES = {i.id: i.name for i in framework().instruments}


def _frames():
    events = pd.DataFrame(
        {
            "event_id": ["E1", "E2", "E3", "E4", "E5"],
            "held_on": pd.to_datetime(["2023-03-01", "2023-04-01", "2023-05-01", "2023-06-01", "2024-01-10"]),
            "instrument": ["innovasjonsdag", "workshop", "workshop", "workshop", "nettverk"],
            "title": ["Dag", "W1", "W2", "W3", "Nett"],
            "participants_ansatte": pd.array([50, 10, 12, None, 3], dtype="Int16"),
            "participants_ledere": pd.array([5, 2, 1, 1, 0], dtype="Int16"),
            "participants_politikere": pd.array([None, 3, 0, 0, 0], dtype="Int16"),
            "participants_innbyggere": pd.array([0, 14, 9, 20, 0], dtype="Int16"),
            "participants_andre": pd.array([1, 0, 0, 2, 25], dtype="Int16"),
        }
    )
    plan = pd.DataFrame(
        {
            "year": pd.array([2023, 2023, 2023, 2024], dtype="Int16"),
            "instrument": ["innovasjonsdag", "workshop", "lederutvikling", "workshop"],
            "planned": pd.array([1, 2, 2, 1], dtype="Int16"),
        }
    )
    return events, plan


def test_delivery_against_plan_per_year_and_instrument():
    events, plan = _frames()
    table = instruments.delivery(events, plan, IDS)
    assert len(table) == 2 * len(IDS)
    cells = table.set_index(["year", "instrument"])
    assert cells.loc[(2023, "workshop")].tolist() == [2, 3]
    assert cells.loc[(2023, "lederutvikling")].tolist() == [2, 0]
    assert cells.loc[(2023, "innovasjonsdag")].tolist() == [1, 1]
    assert (
        pd.isna(cells.loc[(2024, "nettverk"), "planned"]) and cells.loc[(2024, "nettverk"), "delivered"] == 1
    )
    totals = instruments.delivery_by_year(table)
    # 2023: 1 + min(3, 2) + 0 = 3 of 5 planned; the third workshop does not cover lederutvikling.
    assert totals.to_dict("list") == {
        "year": [2023, 2024],
        "planned": [5, 1],
        "delivered": [4, 1],
        "delivered_as_planned": [3, 0],
        "share": [0.6, 0.0],
    }
    assert instruments_text.year_takeaway(table, 2023, NAMES) == (
        "I 2023 ble 3 av 5 planlagte arrangementer gjennomført (60\u00a0%). "
        "Under plan: Lederutvikling (0 av 2)."
    )
    assert instruments_text.year_takeaway(table, 2024, NAMES) == (
        "I 2024 ble 0 av 1 planlagte arrangementer gjennomført (0\u00a0%). "
        "Under plan: Workshop / samskapingsarena (0 av 1)."
    )
    assert instruments_text.trend_takeaway(totals) == (
        "Fra 2023 til 2024 ble planen best fulgt i 2023 (60\u00a0%) og svakest i 2024 (0\u00a0%)."
    )


def test_a_year_without_a_plan_and_a_year_on_plan():
    events, plan = _frames()
    table = instruments.delivery(events, plan[plan["year"] == 2023], IDS)
    assert instruments_text.year_takeaway(table, 2024, NAMES) == (
        "For 2024 finnes ingen plan; 1 arrangementer ble holdt."
    )
    on_plan = instruments.delivery(events, plan.iloc[:2], IDS)
    assert instruments_text.year_takeaway(on_plan, 2023, NAMES).endswith(" Alle virkemidlene nådde planen.")


def test_participants_per_year_count_blanks_as_zero():
    events, _ = _frames()
    table = instruments.participants_by_year(events)
    assert table.to_dict("list") == {
        "year": [2023, 2024],
        "events": [4, 1],
        "ansatte": [72, 3],
        "ledere": [9, 0],
        "politikere": [3, 0],
        "innbyggere": [43, 0],
        "andre": [3, 25],
    }
    names = {g.id: g.name for g in framework().groups} | {"andre": "Andre"}
    assert instruments_text.participants_takeaway(table, 2023, names) == (
        "I 2023 deltok 130 personer på 4 arrangementer, flest ansatte (72); 9 ledere, 3 politikere, "
        "43 innbyggere og 3 andre var med."
    )
    assert (
        instruments_text.participants_takeaway(table, 2020, names)
        == "Ingen arrangementer er registrert i 2020."
    )


def test_years_with_the_same_shown_share_are_both_named():
    totals = pd.DataFrame({"year": [2019, 2020, 2022], "share": [0.951, 0.5, 0.949]})
    assert instruments_text.trend_takeaway(totals) == (
        "Fra 2019 til 2022 ble planen best fulgt i 2019 og 2022 (95\u00a0%) og svakest i 2020 (50\u00a0%)."
    )
