"""Leadership's targets: the bundled file, the target path and refused files."""

import pytest

from analytics.core import targets
from analytics.core.targets import TargetsError, load_targets


def test_bundled_targets_cover_every_indicator_and_the_index():
    frame = load_targets()
    assert len(frame) == 20
    assert set(frame["indicator"]) == {*(f"K{k}" for k in range(1, 10)), "index"}
    assert frame[(frame["indicator"] == "K5") & (frame["year"] == 2024)]["target"].item() == 3.7


def test_target_path_is_linear_between_target_years_and_holds_after_the_last():
    frame = load_targets()
    assert targets.target_for(frame, "K5", 2019) is None  # before the first target year
    assert targets.target_for(frame, "K5", 2020) == 3.2
    assert targets.target_for(frame, "K5", 2021) == pytest.approx(3.325)
    assert targets.target_for(frame, "K5", 2023) == pytest.approx(3.575)
    assert targets.target_for(frame, "K5", 2026) == 3.7
    assert targets.round_year("2024-vår") == 2024 and targets.round_year("Høst") is None
    on_track = targets.status(frame, "K1", "2024", 3.93)
    assert on_track == {"year": 2024, "target": 3.9, "distance": pytest.approx(0.03), "on_track": True}
    assert targets.status(frame, "K5", "2024", 3.47)["on_track"] is False
    assert targets.status(frame, "K5", "2024", None) is None
    path, statuses = targets.along(frame, "index", ["2019", "2020", "2022"], [3.4, 3.3, 3.7])
    assert path == [None, 3.5, 3.65]
    assert [s and s["on_track"] for s in statuses] == [None, False, True]
    assert targets.along(None, "index", ["2024"], [3.7]) == ([None], [None])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("indikator,year,target\nK1,2024,3.8\n", "mangler kolonnene indicator"),
        ("indicator,year,target\nK10,2024,3.8\n", "linje 2: «K10» er ikke et kjennetegn"),
        ("indicator,year,target\nK1,24,3.8\n", "linje 2: «24» er ikke et årstall"),
        ("indicator,year,target\nK1,2024,7\n", "linje 2: målet «7» må være et tall fra 1 til 5"),
        ("indicator,year,target\nK1,2024,høy\n", "målet «høy» må være et tall fra 1 til 5"),
        ("indicator,year,target\nK1,2024,3.8\nK1,2024,3.9\n", "linje 3: K1 har mål for 2024 mer enn én gang"),
    ],
)
def test_bad_targets_files_are_refused_with_a_bokmal_message(tmp_path, content, message):
    path = tmp_path / "targets.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TargetsError) as refused:
        load_targets(path)
    assert message in str(refused.value)


def test_a_decimal_comma_in_a_quoted_target_is_read(tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text('indicator,year,target\nK1,2024,"3,8"\n', encoding="utf-8")
    assert load_targets(path)["target"].tolist() == [3.8]
