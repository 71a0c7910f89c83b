import json
import re
from pathlib import Path

import pytest

from analytics.core.framework import (
    FRAMEWORK_FILE,
    FrameworkError,
    framework,
    load_framework,
    questionnaire,
)

STRATEGIES = Path(__file__).resolve().parents[1] / "strategies"


def test_nine_indicators_in_the_strategys_order_and_words():
    fw = framework()
    assert fw.indicator_ids == ("K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9")
    assert "Hva er egentlig behovet?" in fw.indicator("K1").text
    assert "prøve og feile" in fw.indicator("K3").text.lower()
    assert "BLT" in fw.indicator("K5").text
    assert "næringslivet" in fw.indicator("K9").text
    assert all(k.label and len(k.label) <= 25 for k in fw.indicators)


def test_five_fundaments_with_questions():
    fw = framework()
    assert fw.fundament_ids == ("behov", "losning", "padriver", "team", "forankring")
    assert [f.name for f in fw.fundaments] == ["Behov", "Løsning", "Pådriver", "Team", "Forankring"]
    assert fw.fundaments[0].question == "Hva er egentlig behovet vi skal løse?"
    assert fw.fundament_scale[0].name == "Mangler"


def test_other_strategy_parts():
    fw = framework()
    assert len(fw.goals) == 3 and len(fw.strategies) == 4
    assert [c.id for c in fw.innovation_criteria] == ["nytt", "nyttig", "nyttiggjort"]
    assert [p.id for p in fw.blt_phases] == ["behov", "losning", "test"]
    assert {
        "innbyggere",
        "politikere",
        "naeringsliv",
        "eiendomsutviklere",
        "utbyggere",
        "ansatte",
        "nabokommuner",
    } <= {a.id for a in fw.actors}
    assert {
        "innovasjonsdag",
        "workshop",
        "folkevalgtopplaering",
        "lederutvikling",
        "arets_innovasjonsprosjekt",
    } <= {i.id for i in fw.instruments}
    assert [s.name for s in fw.likert_scale] == [
        "Helt uenig",
        "Delvis uenig",
        "Verken enig eller uenig",
        "Delvis enig",
        "Helt enig",
    ]
    assert fw.dont_know_label == "Vet ikke"


def test_every_item_maps_to_an_indicator_and_every_group_answers_every_indicator():
    fw = framework()
    assert len(set(fw.item_ids)) == len(fw.items) == 27
    for item in fw.items:
        assert item.indicator in fw.indicator_ids
    for k in fw.indicator_ids:
        assert sum(i.indicator == k for i in fw.items) >= 2
        for group in fw.group_ids:
            assert any(i.indicator == k for i in fw.items_for(group))


def test_questionnaire_rows_carry_item_ids_and_options():
    fw = framework()
    rows = questionnaire(fw, "innbyggere")
    assert [r["item_id"] for r in rows] == [f"K{k}_3" for k in range(1, 10)]
    assert rows[0]["svaralternativer"].endswith("Helt enig / Vet ikke")


def _write(tmp_path, raw: dict, codebook: str):
    fw_file, cb_file = tmp_path / "framework.json", tmp_path / "codebook.csv"
    fw_file.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    cb_file.write_text(codebook, encoding="utf-8")
    return fw_file, cb_file


def _codebook_text() -> str:
    from analytics.core.framework import CODEBOOK_FILE

    return CODEBOOK_FILE.read_text(encoding="utf-8")


def test_another_municipality_can_swap_in_its_strategy(tmp_path):
    raw = json.loads(FRAMEWORK_FILE.read_text(encoding="utf-8"))
    raw["municipality"] = "Gran kommune"
    raw["indicators"][0]["label"] = "Behov"
    fw = load_framework(*_write(tmp_path, raw, _codebook_text()))
    assert fw.municipality == "Gran kommune" and fw.indicators[0].label == "Behov"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw, cb: (raw, cb.replace("K2_2,K2,", "K2_2,K10,")), "ukjent kjennetegn K10. Bruk en av"),
        (
            lambda raw, cb: (raw, cb.replace("K4_3,K4,innbyggere", "K4_3,K4,ansatte")),
            "Gruppen innbyggere har ingen spørsmål om K4. Legg til innbyggere",
        ),
        (lambda raw, cb: ({k: v for k, v in raw.items() if k != "fundaments"}, cb), "«fundaments» mangler"),
        (lambda raw, cb: (raw | {"indicators": []}, cb), "«indicators» mangler eller har feil form"),
        (
            lambda raw, cb: (raw | {"likert_scale": raw["likert_scale"][1:]}, cb),
            "«likert_scale» skal gå i hele tall fra 1",
        ),
        (
            lambda raw, cb: (raw | {"agree_values": [4, 9]}, cb),
            "«agree_values» skal være verdier på svarskalaen",
        ),
        (
            lambda raw, cb: (raw | {"agree_values": [2, 4, 5]}, cb),
            "både i «agree_values» og «disagree_values»",
        ),
        (
            lambda raw, cb: (
                raw | {"respondent_groups": [g | {"baseline": True} for g in raw["respondent_groups"]]},
                cb,
            ),
            'nøyaktig én gruppe i «respondent_groups» skal ha "baseline": true',
        ),
        (
            lambda raw, cb: (
                raw | {"project_phases": [p | {"stage": "ferdig"} for p in raw["project_phases"]]},
                cb,
            ),
            "«stage» i «project_phases» skal være blt, after, closed",
        ),
        (
            lambda raw, cb: (
                raw | {"fundaments": [*raw["fundaments"], {"id": "Ny Del", "name": "x", "question": "y"}]},
                cb,
            ),
            "id-en «Ny Del» i «fundaments»",
        ),
        (
            lambda raw, cb: (raw | {"fundaments": raw["fundaments"] + raw["fundaments"][:1]}, cb),
            "«fundaments» har samme id flere ganger: behov",
        ),
        (
            lambda raw, cb: (raw | {"actors": [a | {"citizens": False} for a in raw["actors"]]}, cb),
            '"citizens": true',
        ),
    ],
)
def test_invalid_strategy_files_are_refused_in_bokmal(tmp_path, change, message):
    raw = json.loads(FRAMEWORK_FILE.read_text(encoding="utf-8"))
    raw, codebook = change(raw, _codebook_text())
    with pytest.raises(FrameworkError, match=re.escape(message)):
        load_framework(*_write(tmp_path, raw, codebook))


def test_broken_json_names_the_line(tmp_path):
    fw_file, cb_file = _write(tmp_path, {}, _codebook_text())
    fw_file.write_text('{"municipality": "Gran kommune",\n "goals": [}', encoding="utf-8")
    with pytest.raises(FrameworkError, match="ikke gyldig JSON \\(linje 2"):
        load_framework(fw_file, cb_file)


def test_a_six_point_scale_has_no_neutral_answer_and_centres_between_three_and_four():
    fw = load_framework(STRATEGIES / "fjordvik" / "framework.json", STRATEGIES / "fjordvik" / "codebook.csv")
    assert fw.scale_values == (1, 2, 3, 4, 5, 6)
    assert fw.scale_midpoint == 3.5 and fw.neutral_value is None
    assert fw.indicator_ids == ("I-lytte", "I-prove", "I-dele", "I-lede", "I-data", "I-sammen")
    assert (
        fw.closed_phases == ("lagt_ned",) and fw.needs_phase == "kartlegging" and fw.solution_phase == "idé"
    )
    assert fw.baseline_group == "medarbeidere" and fw.unit_groups == ("medarbeidere", "mellomledere")
    assert fw.fundament_max == 3 and fw.citizen_actor == "brukere"


def test_the_framework_folder_setting_chooses_the_strategy(monkeypatch):
    monkeypatch.setenv("INNOBARO_FRAMEWORK_DIR", str(STRATEGIES / "fjordvik"))
    assert framework().municipality == "Fjordvik kommune"
    monkeypatch.delenv("INNOBARO_FRAMEWORK_DIR")
    assert framework().municipality == "Jevnaker kommune"


def test_a_missing_strategy_folder_says_which_setting_to_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("INNOBARO_FRAMEWORK_DIR", str(tmp_path / "finnes-ikke"))
    with pytest.raises(
        FrameworkError, match=r"Finner ikke strategifila .*Sett INNOBARO_FRAMEWORK_DIR til mappa"
    ):
        framework()
