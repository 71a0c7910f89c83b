"""The data folder's Hive-style layout, incremental aggregate refresh, older folders, `refresh`."""

import json
import re

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from analytics.core.framework import framework
from analytics.ingest import history, import_file, undo_import
from analytics.ingest.demo import write_canonical_survey_csv
from analytics.store import MANIFEST, MAX_ENUM_VALUES, PARTITIONED_TABLES, Store, StoreError
from tests.conftest import REPO, run_cli, snapshot

KEYS = ["round", "indicator", "item_id", "unit", "group", "by_unit", "by_group"]


def _parts(store: Store, name: str) -> dict[str, str]:
    """Round -> the file that holds it now."""
    located = store.table_files(name)
    return {re.search(r"round=([^/]+)/", path)[1]: path for path in located["files"]}


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    # A missing answer distribution (the index rows) reads back as None or NA depending on the
    # path; both mean «no list».
    counts = frame["answer_counts"].map(lambda v: None if v is None or v is pd.NA else [int(c) for c in v])
    return frame.assign(answer_counts=counts).sort_values(KEYS, na_position="first").reset_index(drop=True)


def _full_recomputation(store: Store) -> pd.DataFrame:
    """The aggregate computed from scratch, every round at once, over the current answers."""
    return _sorted(store._derive("agg_culture", store.manifest()["tables"]))


def _survey_file(store: Store, tmp_path, source_round: str, label: str, group: str = "ansatte"):
    responses = store.table("responses")
    rows = responses[(responses["round"] == source_round) & (responses["group"] == group)]
    path = tmp_path / f"{group}-{label.replace('/', '-')}.csv"
    write_canonical_survey_csv(rows.assign(round=label), label, group, path)
    return path


def test_tables_are_hive_partitioned_by_round_and_another_engine_reads_them_directly(demo_copy):
    store = Store(demo_copy)
    manifest = store.manifest()
    assert manifest["layout"] == 2
    for name in PARTITIONED_TABLES:
        located = store.table_files(name)
        assert located["partition_by"] == "round" and located["base"] == f"tables/{name}"
        assert all(
            re.fullmatch(rf"tables/{name}/round=\d{{4}}/part-[0-9a-f]{{12}}\.parquet", f)
            for f in located["files"]
        )
        assert sorted(_parts(store, name)) == [str(year) for year in range(2017, 2025)]
        # pyarrow's dataset reader, told only that the folders are Hive partitions.
        partitioning = ds.partitioning(pa.schema([("round", pa.string())]), flavor="hive")
        read = ds.dataset(
            [str(demo_copy / f) for f in located["files"]],
            format="parquet",
            partitioning=partitioning,
            partition_base_dir=str(demo_copy / located["base"]),
        ).to_table()
        ours = store.table(name)
        assert read.num_rows == len(ours) > 0
        theirs = read.to_pandas()[list(ours.columns)].astype(ours.dtypes.to_dict())
        columns = [c for c in ours.columns if c in ("round", "group", "respondent_id", "item_id", *KEYS)]
        pd.testing.assert_frame_equal(
            theirs.sort_values(columns).reset_index(drop=True),
            ours.sort_values(columns).reset_index(drop=True),
        )
    # Tables without a round: one file in the table's own folder.
    assert re.fullmatch(r"tables/projects/part-[0-9a-f]{12}\.parquet", manifest["tables"]["projects"])


def test_a_round_label_with_special_characters_gets_an_escaped_folder_and_reads_back(demo_copy):
    store = Store(demo_copy)
    responses = store.table("responses")
    extra = responses[responses["round"] == "2024"].assign(round="2024/25 vår: 50%")
    store.commit({"responses": pd.concat([responses, extra], ignore_index=True)}, {"kind": "test"})
    assert _parts(store, "responses")["2024%2F25 vår%3A 50%25"]
    assert set(store.table("responses")["round"]) == {*map(str, range(2017, 2025)), "2024/25 vår: 50%"}
    cells = store.query("culture_cells", include_unpublished=True)
    same = cells[cells["round"] == "2024/25 vår: 50%"].drop(columns="round").reset_index(drop=True)
    original = cells[cells["round"] == "2024"].drop(columns="round").reset_index(drop=True)
    pd.testing.assert_frame_equal(same, original)


def test_an_import_touching_one_round_refreshes_only_that_round_and_equals_a_full_recomputation(
    demo_copy, tmp_path
):
    store = Store(demo_copy)
    before = {name: _parts(store, name) for name in PARTITIONED_TABLES}
    report = import_file(store, _survey_file(store, tmp_path, "2024", "2025"))
    assert report.stored
    assert report.refresh["rounds"] == ["2025"] and report.refresh["reused"] == 8
    assert report.refresh["seconds"] > 0
    assert any(line.startswith("Aggregatene er oppdatert på ") for line in report.lines())
    after = {name: _parts(store, name) for name in PARTITIONED_TABLES}
    for name in PARTITIONED_TABLES:
        assert set(after[name]) == {*before[name], "2025"}
        # Every other round: the very same file, not a rewritten copy.
        assert {r: after[name][r] for r in before[name]} == before[name]
    incremental = _sorted(store.table("agg_culture"))
    pd.testing.assert_frame_equal(incremental, _full_recomputation(store), check_exact=False, rtol=1e-12)
    assert history(store)[0]["refresh"] == report.refresh

    # A re-upload of an existing round changes that round only. It edits every employee's
    # answer to one statement, a unit of two among them: readers must not see that change
    # beside the version they saw, so the round is withdrawn first.
    store.withdraw("2021", "test")
    changed = store.table("responses")
    changed = changed[(changed["round"] == "2021") & (changed["group"] == "ansatte")]
    changed = changed.assign(value=changed["value"].where(changed["item_id"] != "K1_1", 1))
    path = tmp_path / "ansatte-2021-rettet.csv"
    write_canonical_survey_csv(changed, "2021", "ansatte", path)
    second = import_file(store, path, form="rettet")
    assert second.refresh["rounds"] == ["2021"] and second.refresh["reused"] == 8
    assert {r: p for r, p in _parts(store, "agg_culture").items() if r != "2021"} == {
        r: p for r, p in after["agg_culture"].items() if r != "2021"
    }
    pd.testing.assert_frame_equal(
        _sorted(store.table("agg_culture")), _full_recomputation(store), check_exact=False, rtol=1e-12
    )

    # Undo refreshes the undone import's round; the others keep their files.
    undo = undo_import(store, report.import_id, "test")
    assert undo["refresh"]["rounds"] == ["2025"] and undo["refresh"]["reused"] == 8
    assert "2025" not in _parts(store, "agg_culture")
    assert {r: p for r, p in _parts(store, "agg_culture").items() if r != "2021"} == {
        r: p for r, p in before["agg_culture"].items() if r != "2021"
    }
    pd.testing.assert_frame_equal(
        _sorted(store.table("agg_culture")), _full_recomputation(store), check_exact=False, rtol=1e-12
    )


def _flatten(folder) -> None:
    """Rewrite a data folder as the older flat layout wrote it: one file per table, no layout key."""
    store = Store(folder)
    manifest = store.manifest()
    flat = {}
    for name in manifest["tables"]:
        rel_path = f"tables/{name}-0123456789ab.parquet"
        store.table(name).to_parquet(folder / rel_path, index=False)
        flat[name] = rel_path
    del manifest["layout"]
    manifest["tables"] = flat
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def test_an_older_flat_folder_is_read_as_it_is_and_moves_to_the_new_layout_as_tables_change(
    demo_copy, tmp_path
):
    store = Store(demo_copy)
    expected = {name: store.table(name) for name in ("responses", "agg_culture", "projects")}
    summary = run_cli("summary", "--json", "--data-dir", str(demo_copy))
    _flatten(demo_copy)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(store.table(name), frame)
    assert run_cli("summary", "--json", "--data-dir", str(demo_copy)).stdout == summary.stdout

    report = import_file(store, _survey_file(store, tmp_path, "2024", "2025"))
    # The flat aggregate had no fingerprints: every round is computed once, in the new layout.
    assert report.refresh["rounds"] == [*map(str, range(2017, 2026))] and report.refresh["reused"] == 0
    tables = store.manifest()["tables"]
    assert tables["responses"].startswith("tables/responses/_files-")
    assert tables["projects"] == "tables/projects-0123456789ab.parquet"  # unchanged, still readable
    pd.testing.assert_frame_equal(store.table("projects"), expected["projects"])
    pd.testing.assert_frame_equal(
        _sorted(store.table("agg_culture")), _full_recomputation(store), check_exact=False, rtol=1e-12
    )


def test_an_aggregate_from_the_previous_release_is_explained_and_refreshed(demo_copy):
    store = Store(demo_copy)
    summary = run_cli("summary", "--json", "--data-dir", str(demo_copy)).stdout
    _flatten(demo_copy)
    # The previous release stored the answer distribution as n_1 ... n_5, not as one list.
    flat = demo_copy / store.manifest()["tables"]["agg_culture"]
    old = pd.read_parquet(flat)
    counts = pd.DataFrame(
        [[0] * 5 if c is None else list(c) for c in old.pop("answer_counts")], index=old.index
    )
    for value in range(5):
        old[f"n_{value + 1}"] = counts[value]
    old.to_parquet(flat, index=False)
    before = snapshot(demo_copy)
    result = run_cli("summary", "--json", "--data-dir", str(demo_copy))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "eldre versjon" in result.stderr and "python -m analytics refresh" in result.stderr
    assert snapshot(demo_copy) == before
    assert run_cli("refresh", "--data-dir", str(demo_copy)).returncode == 0
    assert run_cli("summary", "--json", "--data-dir", str(demo_copy)).stdout == summary


def test_a_folder_from_a_newer_version_is_refused_with_a_message(demo_copy):
    manifest = json.loads((demo_copy / MANIFEST).read_text(encoding="utf-8"))
    (demo_copy / MANIFEST).write_text(json.dumps({**manifest, "layout": 3}), encoding="utf-8")
    before = snapshot(demo_copy)
    with pytest.raises(StoreError, match="nyere versjon"):
        Store(demo_copy).table("responses")
    result = run_cli("summary", "--json", "--data-dir", str(demo_copy))
    assert result.returncode == 2 and "nyere versjon av Innovasjonsbarometeret" in result.stderr
    assert snapshot(demo_copy) == before


def test_the_refresh_command_recomputes_every_round_into_new_files_with_the_same_figures(demo_copy):
    store = Store(demo_copy)
    before_parts = _parts(store, "agg_culture")
    before = _sorted(store.table("agg_culture"))
    result = run_cli("refresh", "--data-dir", str(demo_copy))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Aggregatene er oppdatert på ")
    assert "8 av 8 runder oppdatert (2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024); 0 gjenbrukt" in lines[0]
    assert lines[1] == f"Aggregatene er beregnet på nytt med duckdb (ny versjon {store.version()})."
    after_parts = _parts(store, "agg_culture")
    assert set(after_parts) == set(before_parts) and not set(after_parts.values()) & set(
        before_parts.values()
    )
    pd.testing.assert_frame_equal(_sorted(store.table("agg_culture")), before, check_exact=False, rtol=1e-12)
    record = store.manifest()["imports"][-1]
    assert record["kind"] == "refresh" and record["engine"] == "duckdb"


def test_refresh_refuses_a_folder_without_answers_and_a_spark_root_without_spark(tmp_path, demo_copy):
    empty = run_cli("refresh", "--data-dir", str(tmp_path / "tom"))
    assert empty.returncode == 2 and "har ingen data" in empty.stderr
    projects_only = tmp_path / "prosjekter"
    Store(projects_only).commit({"projects": Store(demo_copy).table("projects")}, {"kind": "test"})
    before = snapshot(projects_only)
    no_answers = run_cli("refresh", "--data-dir", str(projects_only))
    assert no_answers.returncode == 2 and "har ingen svar å beregne aggregater av" in no_answers.stderr
    assert snapshot(projects_only) == before
    before = snapshot(demo_copy)
    wrong = run_cli("refresh", "--data-dir", str(demo_copy), "--spark-root", "s3a://bucket/store")
    assert wrong.returncode == 2 and "--spark-root gjelder bare --engine spark" in wrong.stderr
    assert snapshot(demo_copy) == before


def test_an_edited_codebook_makes_every_rounds_aggregate_stale(demo_copy, tmp_path, monkeypatch):
    import analytics.store.files as store_files

    store = Store(demo_copy)
    original = store_files.codebook_frame()
    # The codebook without one statement: every round's figures change, not only the imported one.
    monkeypatch.setattr(store_files, "codebook_frame", lambda: original[original["item_id"] != "K1_1"])
    report = import_file(store, _survey_file(store, tmp_path, "2024", "2025"))
    assert report.refresh["rounds"] == [*map(str, range(2017, 2026))] and report.refresh["reused"] == 0
    aggregate = store.table("agg_culture")
    assert "K1_1" not in set(aggregate["item_id"].dropna())
    pd.testing.assert_frame_equal(
        _sorted(aggregate), _full_recomputation(store), check_exact=False, rtol=1e-12
    )


def test_a_changed_answer_scale_reading_makes_every_rounds_aggregate_stale(demo_copy, tmp_path, monkeypatch):
    """The strategy's SQL parameters are part of what an aggregate file was computed from."""
    store = Store(demo_copy)
    before = store.table("agg_culture")
    folder = tmp_path / "strategi"
    folder.mkdir()
    (folder / "codebook.csv").write_bytes((REPO / "data" / "codebook.csv").read_bytes())
    raw = json.loads((REPO / "data" / "framework.json").read_text(encoding="utf-8"))
    raw["agree_values"] = [5]  # only «Helt enig» counts as agreeing now
    (folder / "framework.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("INNOBARO_FRAMEWORK_DIR", str(folder))
    # An import of one round: the other rounds' aggregates are recomputed too, not reused.
    report = import_file(store, _survey_file(store, tmp_path, "2024", "2025"))
    assert report.refresh["rounds"] == [*map(str, range(2017, 2026))] and report.refresh["reused"] == 0
    after = store.table("agg_culture")
    shares = after.merge(before, on=KEYS, suffixes=("", "_before")).dropna(subset=["share_agree"])
    assert (shares["share_agree"] <= shares["share_agree_before"] + 1e-12).all()
    assert (shares["share_agree"] < shares["share_agree_before"]).any()
    pd.testing.assert_frame_equal(_sorted(after), _full_recomputation(store), check_exact=False, rtol=1e-12)


def test_staged_answers_keep_every_text_exactly_when_their_few_values_are_written_as_enums(demo_copy):
    """The split of staged answers by round writes text columns of few values as ENUMs (faster);
    what is stored must read back as the same text, quotes, NULLs and many values included."""
    store = Store(demo_copy)
    items = [item.item_id for item in framework().items_for("ansatte")][:3]
    units = ["Barnehage 'Solsikken'", "Helse; omsorg", "Teknisk €", None]
    many = MAX_ENUM_VALUES + 200  # more respondents in one round than an ENUM is used for
    rows = [
        ("2030", "ansatte", units[k % 4], f"r{k}", item, (k + j) % 5 + 1, False)
        for k in range(many)
        for j, item in enumerate(items)
    ] + [("2031", "ansatte", "Teknisk €", f"s'{k}", items[0], 3, k == 1) for k in range(3)]
    frame = pd.DataFrame(
        rows, columns=["round", "group", "unit", "respondent_id", "item_id", "value", "dont_know"]
    )
    frame["value"] = frame["value"].astype("Int8").mask(frame["dont_know"])
    store.commit({"responses": store.stage_frame(frame)}, {"kind": "test"})

    columns = ["round", "group", "unit", "respondent_id", "item_id", "value", "dont_know"]
    stored = store.table("responses")[columns].sort_values(["round", "respondent_id", "item_id"])
    expected = frame.sort_values(["round", "respondent_id", "item_id"])
    assert len(stored) == 3 * many + 3
    pd.testing.assert_frame_equal(
        stored.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False
    )
    assert stored["unit"].isna().sum() == 3 * many // 4
    # Another engine reads the texts as plain strings, not as a dictionary type.
    for path in _parts(store, "responses").values():
        schema = pq.read_schema(demo_copy / path)
        assert all(schema.field(c).type == pa.string() for c in ("group", "unit", "respondent_id", "item_id"))
