"""Meeting slides: headlines checked against the numbers they state, hidden figures, stored meetings."""

import json
import statistics

import pandas as pd
import pytest

from analytics.measures import culture, inputs
from analytics.present import meeting
from analytics.store import Store
from tests.conftest import run_cli


def _no(value: float, decimals: int = 2) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def _pct(share: float) -> str:
    return f"{round(100 * share)}\u00a0%"


@pytest.fixture(scope="module")
def sources(demo_dir):
    return inputs.sources_from_store(Store(demo_dir), 5)


@pytest.fixture(scope="module")
def summary(demo_dir):
    result = run_cli("summary", "--data-dir", str(demo_dir), "--json")
    assert result.returncode == 0, result.stderr
    return {(r["round"], r["indicator"], r["unit"], r["group"]): r for r in json.loads(result.stdout)}


def _hide(src: inputs.Sources, **where) -> inputs.Sources:
    """The sources with more cells hidden, as suppression would leave them (figures missing)."""
    cells = src.cells.copy()
    mask = pd.Series(True, index=cells.index)
    for column, value in where.items():
        mask &= cells[column] == value
    assert mask.any()
    cells.loc[mask, "suppressed"] = True
    for column in ("n", "mean", "share_agree"):
        cells.loc[mask, column] = pd.NA
    return inputs.Sources(cells, src.summaries, src.tables)


def test_the_standard_set_is_every_slide_type_and_each_has_a_headline_and_source(sources):
    slides = meeting.build_slides(meeting.standard_meeting(), sources)
    assert [s.key for s in slides] == list(meeting.SLIDE_TYPES)
    for slide in slides:
        assert slide.headline.endswith(".") and slide.source.startswith("Kilde:")
        assert all(len(s.values) == len(slide.categories) for s in slide.series)


@pytest.fixture(scope="module")
def index_change(demo_dir):
    result = run_cli("changes", "--data-dir", str(demo_dir), "--json")
    assert result.returncode == 0, result.stderr
    return next(
        r
        for r in json.loads(result.stdout)
        if (r["indicator"], r["unit"], r["group"]) == ("index", None, None)
    )


def test_index_headline_states_the_cli_numbers(sources, summary, index_change):
    slide = meeting.index_slide(sources)
    now, before = summary[("2024", "index", None, None)], summary[("2023", "index", None, None)]
    # 2023 -> 2024 is within the margin of error in the demo: no verb of change.
    assert index_change["significant"] is False and index_change["comparable"] is True
    assert index_change["change"] == round(round(now["mean"], 2) - round(before["mean"], 2), 2)
    assert slide.headline == (
        f"Kulturindeksen var stabil fra 2023 til 2024 ({_no(before['mean'])} → {_no(now['mean'])}, "
        f"+{_no(index_change['change'])}, innenfor feilmarginen)."
    )
    assert slide.series[0].values == pytest.approx(
        [summary[(str(r), "index", None, None)]["mean"] for r in range(2017, 2025)], abs=1e-4
    )
    assert f"runde 2024, n = {now['n']}." in slide.source and "Ingen tall er skjult." in slide.source


def test_index_headline_says_plainly_when_the_latest_or_previous_figure_is_hidden(sources, summary):
    hidden_now = meeting.index_slide(_hide(sources, round="2024", by_unit=False, by_group=False))
    assert hidden_now.headline == "Kulturindeksen for 2024 er skjult fordi for få svarte."
    assert hidden_now.series[0].values[-1] is None
    assert "n = skjult" in hidden_now.source and "Skjult av hensyn til anonymitet: 2024." in hidden_now.source
    assert _no(summary[("2024", "index", None, None)]["mean"]) not in hidden_now.headline

    hidden_before = meeting.index_slide(_hide(sources, round="2023", by_unit=False, by_group=False))
    assert hidden_before.headline == (
        "Kulturindeksen: endringen fra 2023 til 2024 er skjult fordi for få svarte."
    )


def test_agreement_headline_is_the_largest_change_in_share_and_matches_the_cli(sources, summary):
    slide = meeting.agreement_slide(sources)
    changes = {
        k: summary[("2024", k, None, None)]["share_agree"] - summary[("2023", k, None, None)]["share_agree"]
        for k in (f"K{i}" for i in range(1, 10))
    }
    biggest = max(changes, key=lambda k: abs(changes[k]))
    label = next(c for c in slide.categories if c.startswith(f"{biggest} "))[len(biggest) + 1 :]
    before = summary[("2023", biggest, None, None)]["share_agree"]
    now = summary[("2024", biggest, None, None)]["share_agree"]
    points = round(100 * now) - round(100 * before)
    assert slide.headline == (
        f"Andelen som er enige i «{label}» var {_pct(before)} i 2023 og {_pct(now)} i 2024 "
        f"({'+' if points >= 0 else chr(0x2212)}{abs(points)} prosentpoeng)."
    )
    assert [s.name for s in slide.series] == ["2023", "2024"]
    assert slide.series[1].values == pytest.approx(
        [summary[("2024", f"K{i}", None, None)]["share_agree"] for i in range(1, 10)], abs=1e-4
    )


def test_agreement_slide_never_picks_a_hidden_indicator(sources, summary):
    changes = {
        k: abs(
            summary[("2024", k, None, None)]["share_agree"] - summary[("2023", k, None, None)]["share_agree"]
        )
        for k in (f"K{i}" for i in range(1, 10))
    }
    biggest = max(changes, key=changes.get)
    slide = meeting.agreement_slide(
        _hide(sources, round="2024", indicator=biggest, by_unit=False, by_group=False)
    )
    assert f"«{slide.categories[int(biggest[1:]) - 1][3:]}»" not in slide.headline
    assert any(h.startswith(f"{biggest} ") for h in slide.hidden)
    assert slide.table.iloc[int(biggest[1:]) - 1]["Andel enige 2024"] == "skjult"


def test_units_headline_names_highest_lowest_and_how_many_are_hidden(sources, summary):
    slide = meeting.units_slide(sources)
    units = {k[2]: r for k, r in summary.items() if k[0] == "2024" and k[1] == "index" and k[2] and not k[3]}
    shown = {u: r["mean"] for u, r in units.items() if not r["suppressed"]}
    hidden = sorted(u for u, r in units.items() if r["suppressed"])
    assert hidden, "the demo has units hidden in 2024"
    high, low = max(shown, key=shown.get), min(shown, key=shown.get)
    assert slide.headline == (
        f"I 2024 har {high} den høyeste kulturindeksen ({_no(shown[high])}) og {low} den laveste "
        f"({_no(shown[low])}). {len(hidden)} av {len(units)} enheter er skjult fordi for få svarte."
    )
    assert list(slide.categories[-len(hidden) :]) == hidden
    assert slide.series[0].values[-len(hidden) :] == (None,) * len(hidden)
    table = slide.table.set_index("Enhet")
    assert (table.loc[hidden] == "skjult").all().all()
    named = hidden[0] if len(hidden) == 1 else ", ".join(hidden[:-1]) + " og " + hidden[-1]
    assert slide.source.endswith(f"Skjult av hensyn til anonymitet: {named}.")
    assert hidden == ["Frivilligsentralen", "NAV"]


def test_groups_headline_when_too_few_groups_are_shown(sources, summary):
    src = sources
    groups = [k[3] for k in summary if k[0] == "2024" and k[1] == "index" and k[3] and not k[2]]
    for group in groups[1:]:
        src = _hide(src, round="2024", group=group, by_group=True, by_unit=False, indicator=culture.INDEX)
    slide = meeting.groups_slide(src)
    assert slide.headline == (
        f"I 2024 kan gruppene ikke sammenlignes: {len(groups) - 1} av {len(groups)} grupper er skjult "
        "fordi for få svarte."
    )
    full = meeting.groups_slide(sources)
    means = {g: summary[("2024", "index", None, g)]["mean"] for g in groups}
    high, low = max(means, key=means.get), min(means, key=means.get)
    assert f"ser {high} kulturen mest positivt ({_no(means[high])})" in full.headline
    assert f"{low} minst positivt ({_no(means[low])})" in full.headline


def test_portfolio_and_instrument_slides_state_the_registers(sources, demo_dir):
    projects = json.loads(run_cli("projects", "--data-dir", str(demo_dir), "--json").stdout)
    running = [p for p in projects if p["phase"] not in ("avsluttet", "stoppet")]
    zero = [p for p in running if p["zero_veto"]]
    slide = meeting.portfolio_slide(sources)
    assert slide.headline.startswith(f"{len(zero)} av {len(running)} pågående prosjekter")
    assert sum(slide.series[0].values) + sum(slide.series[1].values) == len(projects)
    instruments = meeting.instruments_slide(sources)
    assert instruments.categories[0] == "2017" and all(0 <= v <= 1 for v in instruments.series[0].values)


def test_without_a_survey_the_culture_slides_say_so(sources):
    bare = inputs.Sources(None, sources.summaries, sources.tables)
    slide = meeting.index_slide(bare)
    assert slide.headline == "Ingen runde av spørreundersøkelsen er publisert ennå." and not slide.categories


def test_a_meeting_is_validated_saved_listed_and_replaced(demo_copy):
    with pytest.raises(meeting.MeetingError, match=r"mangler tittel.*Velg minst ett lysbilde"):
        meeting.new_meeting(" ", "2025-06-12", [])
    with pytest.raises(meeting.MeetingError, match="Ukjente lysbilder: tull"):
        meeting.new_meeting("Kommunestyret", "2025-06-12", ["tull"])
    with pytest.raises(meeting.MeetingError, match="gyldig dato"):
        meeting.new_meeting("Kommunestyret", "12.06.2025", ["grupper"])
    store = Store(demo_copy)
    version = store.version()
    first = meeting.new_meeting("Kommunestyret juni", "2025-06-12", ["enheter", "kulturindeks"])
    assert first.meeting_id == "kommunestyret-juni-2025-06-12"
    meeting.save_meeting(store, first, "test")
    meeting.save_meeting(store, meeting.new_meeting("Formannskapet", "2025-09-01", ["grupper"]), "test")
    meeting.save_meeting(
        store, meeting.new_meeting("Kommunestyret juni", "2025-06-12", ["portefolje"]), "test"
    )
    assert store.version() == version + 3
    assert store.manifest()["imports"][-1]["kind"] == "meeting"
    result = run_cli("meetings", "--data-dir", str(demo_copy), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {
            "meeting_id": "standard",
            "title": "Standardsettet",
            "date": None,
            "slides": list(meeting.SLIDE_TYPES),
        },
        {
            "meeting_id": "formannskapet-2025-09-01",
            "title": "Formannskapet",
            "date": "2025-09-01",
            "slides": ["grupper"],
        },
        {
            "meeting_id": "kommunestyret-juni-2025-06-12",
            "title": "Kommunestyret juni",
            "date": "2025-06-12",
            "slides": ["portefolje"],
        },
    ]
    assert meeting.find_meeting(store, "Formannskapet").slides == ("grupper",)
    with pytest.raises(meeting.MeetingError, match="Finner ikke møtet «nei»"):
        meeting.find_meeting(store, "nei")


def test_sectors_put_employee_culture_beside_the_sectors_projects(sources, demo_dir):
    result = run_cli("summary", "--data-dir", str(demo_dir), "--json", "--by", "unit,group")
    cells = {(r["round"], r["indicator"], r["unit"], r["group"]): r for r in json.loads(result.stdout)}
    employees = {
        k[2]: r for k, r in cells.items() if k[0] == "2024" and k[1] == "index" and k[3] == "ansatte" and k[2]
    }
    projects = json.loads(run_cli("projects", "--data-dir", str(demo_dir), "--json").stdout)
    outcomes = Store(demo_dir).table("outcomes")
    in_use = set(outcomes.loc[outcomes["criterion"] == "nyttiggjort", "project_id"])
    slide = meeting.sectors_slide(sources)
    table = slide.table.set_index("Sektor")
    # As the page, the PDF and the speaker notes state it: means with two decimals, shares in whole percent.
    text = slide.text_table().set_index("Sektor")
    for sector, row in employees.items():
        assert table.loc[sector, "Kulturindeksen"] == (
            "skjult" if row["suppressed"] else pytest.approx(row["mean"], abs=1e-4)
        )
        assert text.loc[sector, "Kulturindeksen"] == ("skjult" if row["suppressed"] else _no(row["mean"]))
        assert table.loc[sector, "n (ansatte)"] == ("skjult" if row["suppressed"] else row["n"])
        own = [p for p in projects if p["sector"] == sector]
        assert table.loc[sector, "Prosjekter"] == len(own)
        share = sum(p["project_id"] in in_use for p in own) / len(own)
        assert table.loc[sector, "Andel nyttiggjort"] == pytest.approx(share, abs=1e-4)
        assert text.loc[sector, "Andel nyttiggjort"] == _pct(share)
        indices = [p["fundament_index"] for p in own if p["fundament_index"] is not None]
        assert text.loc[sector, "Median fundamentindeks"] == _no(statistics.median(indices), 1)
    shown = {s: r["mean"] for s, r in employees.items() if not r["suppressed"]}
    high, low = max(shown, key=shown.get), min(shown, key=shown.get)
    assert slide.headline.startswith(
        f"I 2024 har {high} den høyeste kulturindeksen blant ansatte ({_no(shown[high])})"
    )
    assert f"{low} har den laveste ({_no(shown[low])})" in slide.headline
    hidden = [s for s, r in employees.items() if r["suppressed"]]
    assert slide.headline.endswith(
        f"{len(hidden)} av {len(employees)} sektorer er skjult fordi for få svarte."
    )
    assert "sier ikke at det ene er årsak til det andre" in slide.source


def test_the_measures_slide_states_the_cli_actions_in_aggregate(sources, demo_dir):
    result = run_cli("actions", "--data-dir", str(demo_dir), "--json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    slide = meeting.SLIDE_TYPES["tiltak"].build(sources)
    measured = [r["effect"] for r in records if r["effect"] is not None and r["effect"]["to_round"]]
    shown = [e for e in measured if not e["suppressed"]]
    hidden = len(measured) - len(shown)
    verdicts = [r["verdict"] for r in records]
    judged = [v for v in verdicts if v]
    assert hidden >= 1 and "trolig virkning" in judged and "ingen tegn til virkning" in judged
    assert slide.headline == (
        f"{len(records)} tiltak er registrert; {len(judged)} kan vurderes mot enheter uten tiltak: "
        f"{judged.count('trolig virkning')} med trolig virkning, {judged.count('uklart')} uklart og "
        f"{judged.count('ingen tegn til virkning')} uten tegn til virkning (skjult: {hidden})."
    )
    # The chart shows the verdicts.
    names = ("trolig virkning", "uklart", "ingen tegn til virkning", "kan ikke vurderes ennå")
    assert slide.categories == names
    counts = [judged.count(v) for v in names[:3]] + [verdicts.count(None)]
    assert slide.series[0].values == tuple(float(c) for c in counts)
    assert slide.table.to_dict("list") == {"Vurdering": list(names), "Tiltak": counts}
    assert slide.source == (
        f"Kilde: tiltakstabellen, {len(records)} tiltak; {len(shown)} har en ny runde som kan vises, "
        f"{hidden} er skjult fordi for få svarte."
    )
    # In aggregate: no unit is named, so no figure of a small unit can be read off it.
    stated = " ".join([slide.headline, slide.source, slide.table.to_string()])
    assert not [r["unit"] for r in records if r["unit"] and r["unit"] in stated]
