"""Benchmarks: imported figures from others, and the share file another municipality imports."""

import csv
import json
import shutil

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from analytics.core import suppression
from analytics.core.framework import framework
from analytics.measures import benchmarks, culture, inputs
from analytics.present.templates import template_csv
from analytics.store import Store
from tests.conftest import REPO, run_cli, shown_text, takeaways
from tests.unit.test_culture_suppression import _cells, _responses, organisations, recovered_cells


def _ok(*args, env=None):
    result = run_cli(*args, env=env)
    assert result.returncode == 0, result.stderr
    return result


def _rows(path) -> list[dict]:
    with open(path, encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_a_filled_template_imports_and_bad_values_are_refused(demo_copy, tmp_path):
    header = template_csv("benchmarks").decode("utf-8-sig").strip()
    assert header.split(";")[:6] == ["source", "year", "scope", "group", "measure", "value"]
    good = tmp_path / "ks.csv"
    good.write_text(
        "source;year;scope;group;measure;value;n;median\n"
        "KS;2024;Landet;;index;3,41;15000;3,5\n"
        "KS;2024;Landet;ansatte;Et utsagn vi ikke har;3,2;;\n",
        encoding="utf-8",
    )
    result = _ok("import", str(good), "--kind", "benchmarks", "--data-dir", str(demo_copy))
    assert "1 rader gjelder mål vi ikke har" in result.stdout and "«Et utsagn vi ikke har»" in result.stdout
    table = Store(demo_copy).table("benchmarks")
    ks = table[table["source"] == "KS"].set_index("measure")
    assert ks.loc["index", "value"] == pytest.approx(3.41) and ks.loc["index", "median"] == pytest.approx(3.5)
    bad = tmp_path / "bad.csv"
    bad.write_text("source;year;scope;measure;value\nKS;2024;Landet;index;tre\n", encoding="utf-8")
    before = Store(demo_copy).version()
    refused = run_cli("import", str(bad), "--kind", "benchmarks", "--data-dir", str(demo_copy))
    assert refused.returncode == 2
    assert "«tre» i value må være et tall fra 0 til 100" in refused.stderr
    assert Store(demo_copy).version() == before


def test_share_on_the_demo_writes_only_cells_summary_shows(demo_dir, tmp_path):
    out = tmp_path / "jevnaker.csv"
    _ok("share", "--data-dir", str(demo_dir), "--out", str(out))
    summary = json.loads(_ok("summary", "--data-dir", str(demo_dir), "--json", "--by", "group").stdout)
    shown = {
        (r["round"], r["indicator"], r["group"]): r
        for r in summary
        if r["unit"] is None and not r["suppressed"] and r["mean"] is not None
    }
    rows = _rows(out)
    assert rows and all(r["threshold"] == "5" and "oppdiktede demodata" in r["municipality"] for r in rows)
    shared = set()
    for row in rows:
        key = (row["year"], row["measure"], row["group"] or None)
        assert key in shown, key
        assert float(row["value"].replace(",", ".")) == pytest.approx(shown[key]["mean"])
        assert int(row["n"]) == shown[key]["n"]
        shared.add(key)
    # Every shown municipality and group cell is shared; units never are.
    assert shared == set(shown)
    assert "Frivilligsentralen" not in out.read_text(encoding="utf-8-sig")
    # The statements behind each measure travel with it.
    index_row = next(r for r in rows if r["measure"] == culture.INDEX and not r["group"])
    assert index_row["statements"] == " | ".join(sorted(i.text for i in framework().items))


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisation=organisations())
def test_no_hidden_cell_is_derivable_from_the_shared_file_and_what_readers_see(organisation):
    """The attacker of the suppression test sees every shown cell and every shared row."""
    responses = _responses(*organisation)
    if responses.empty:
        return
    shown = suppression.suppress(_cells(responses), 5)
    shared = benchmarks.share_rows(shown, framework(), 5, demo=False)
    fw = framework()
    keys = {(str(r.year), r.measure, None if pd.isna(r.group) else r.group) for r in shared.itertuples()}
    # What the attacker has: a cell counts as seen when readers see it or the file holds it.
    in_file = pd.Series(
        [
            not c.by_unit
            and pd.isna(c.item_id)
            and (str(c.round), c.indicator, c.group if c.by_group else None) in keys
            for c in shown.itertuples(index=False)
        ],
        index=shown.index,
    )
    assert not (in_file & shown["suppressed"]).any()
    seen = shown.assign(suppressed=shown["suppressed"] & ~in_file)
    assert recovered_cells(responses, seen) == []
    assert len(shared) == int((in_file & shown["mean"].notna()).sum())
    for row in shared.itertuples(index=False):
        group = None if pd.isna(row.group) else row.group
        assert row.statements == benchmarks.statements_of(fw, row.measure, group)


def _town(tmp_path, name: str, seed: int):
    """A municipality with the same strategy under another name: its demo data and its share file."""
    strategy = tmp_path / f"strategi-{seed}"
    shutil.copytree(REPO / "data", strategy)
    raw = json.loads((strategy / "framework.json").read_text(encoding="utf-8"))
    raw["municipality"] = name
    (strategy / "framework.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    env = {"INNOBARO_FRAMEWORK_DIR": str(strategy)}
    folder = tmp_path / f"data-{seed}"
    _ok("demo", "--data-dir", str(folder), "--seed", str(seed), env=env)
    out = tmp_path / f"{seed}.csv"
    _ok("share", "--data-dir", str(folder), "--out", str(out), env=env)
    return out


def test_three_shared_files_give_median_and_quartiles_equal_to_a_hand_computation(
    demo_copy, tmp_path, monkeypatch
):
    files = [_town(tmp_path, name, seed) for name, seed in (("Aby", 11), ("Bby", 12), ("Cby", 13))]
    store = Store(demo_copy)
    # The demo's own invented network is replaced by the three real share files.
    for path in files:
        _ok("import", str(path), "--kind", "benchmarks", "--data-dir", str(demo_copy))
    table = store.table("benchmarks")
    table = table[~table["municipality"].fillna("").str.contains("oppdiktet")]
    shown = suppression.suppress(store.query("culture_cells"), 5)
    records = benchmarks.network(framework(), table, shown, "2024", None)
    index = next(r for r in records if r["measure"] == culture.INDEX)
    values = {}
    for path in files:
        row = next(
            r for r in _rows(path) if r["measure"] == culture.INDEX and not r["group"] and r["year"] == "2024"
        )
        values[row["municipality"].split(" (")[0]] = float(row["value"].replace(",", "."))
    a, b, c = sorted(values.values())
    assert index["year"] == 2024 and len(index["municipalities"]) == 3
    # Linear interpolation between the sorted values: the quartiles of three lie halfway.
    assert index["median"] == pytest.approx(b)
    assert index["p25"] == pytest.approx(a + (b - a) / 2)
    assert index["p75"] == pytest.approx(b + (c - b) / 2)
    ours = shown[
        (shown["round"] == "2024")
        & (shown["indicator"] == culture.INDEX)
        & ~shown["by_unit"]
        & ~shown["by_group"]
    ]
    assert index["ours"] == pytest.approx(float(ours["mean"].iloc[0]))
    # Two municipalities only: each is listed by name, no quartiles.
    two = table[table["municipality"].str.startswith(("Aby", "Bby"), na=False)]
    listed = next(
        r for r in benchmarks.network(framework(), two, shown, "2024", None) if r["measure"] == culture.INDEX
    )
    assert "median" not in listed and sorted(listed["municipalities"]) == [
        "Aby (oppdiktede demodata)",
        "Bby (oppdiktede demodata)",
    ]


def test_a_changed_wording_does_not_match():
    fw = framework()
    row = {"measure": "K1", "group": None, "statements": benchmarks.statements_of(fw, "K1", None)}
    assert benchmarks.matches(fw, row)
    assert not benchmarks.matches(fw, row | {"statements": row["statements"].replace("behovet", "behovene")})
    text = fw.items[0].text
    assert benchmarks.matches(fw, {"measure": text, "group": None, "statements": None})
    assert not benchmarks.matches(fw, {"measure": text + " ", "group": None, "statements": None})


def _frame(at, column: str) -> pd.DataFrame:
    (frame,) = [df.value for df in at.dataframe if column in df.value.columns]
    return frame


def test_the_pages_show_the_invented_demo_benchmarks_with_source_and_year(app):
    at = app.run()
    assert not at.exception
    text = shown_text(at)
    assert "Kulturindeksen sammenlignet med andre (2024)" in [h.value for h in at.header]
    # AppTest addresses dataframes by position only: find them by their columns.
    published = _frame(at, "Kilde")
    assert set(published["Kilde"]) == {"Oppdiktet eksempel (demodata, ikke ekte tall)"}
    assert set(published["År"]) == {"2024"} and set(published["Gjelder"]) == {"Landet", "Innlandet"}
    assert any("blant 3 kommuner som delte tall for 2024" in s for s in takeaways(at))
    assert "ikke mål" in text or "ikke mål" in " ".join(c.value for c in at.caption)
    at.switch_page("pages/innovasjonskultur.py").run()
    assert not at.exception
    network = _frame(at, "Vår plass")
    assert network["Vår plass"].iloc[0] in {
        "over øvre kvartil",
        "mellom median og øvre kvartil",
        "mellom nedre kvartil og median",
        "under nedre kvartil",
    }
    assert len(_frame(at, "Kilde")) == 2 * (len(framework().indicators) + 1)


def test_the_meeting_slide_states_the_index_beside_others_with_source_and_year(demo_dir):
    from analytics.present import meeting

    sources = inputs.sources_from_store(Store(demo_dir), 5)
    slide = meeting.SLIDE_TYPES["sammenligning"].build(sources)
    ours = culture.overall(sources.cells)
    ours = ours[(ours["round"] == "2024") & (ours["indicator"] == culture.INDEX)]["mean"].iloc[0]
    table = Store(demo_dir).table("benchmarks")
    published = table[
        (table["measure"] == culture.INDEX) & table["group"].isna() & table["municipality"].isna()
    ]
    shared = table[
        (table["measure"] == culture.INDEX) & table["group"].isna() & table["municipality"].notna()
    ]
    assert slide.categories[0] == "Vår kommune (2024)"
    assert slide.series[0].values[0] == pytest.approx(float(ours))
    for row in published.itertuples():
        name = f"{row.scope} ({row.source}, 2024)"
        assert slide.series[0].values[slide.categories.index(name)] == pytest.approx(row.value)
    median = slide.series[0].values[slide.categories.index("Median, 3 kommuner som delte tall (2024)")]
    assert median == pytest.approx(float(shared["value"].median()))
    assert "Oppdiktet eksempel (demodata, ikke ekte tall) 2024" in slide.source
    assert "ikke mål" in slide.headline
