import pytest

from analytics.core.config import REPO_ROOT, SETTINGS, ConfigError, load_config

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.env)
def test_every_setting_is_documented_in_the_readme_with_its_default(setting):
    row = next((line for line in README.splitlines() if f"`{setting.env}`" in line), None)
    assert row is not None, f"{setting.env} is not in the README's settings table"
    assert f"`{setting.default}`" in row
    assert setting.help.split(".")[0] in row


def test_defaults_and_overrides(tmp_path):
    default = load_config(environ={})
    assert default.data_dir == REPO_ROOT / "data" / "store"
    assert default.anonymity_threshold == 5 and default.demo_on_empty is True
    env = {
        "INNOBARO_DATA_DIR": str(tmp_path),
        "INNOBARO_ANONYMITY_THRESHOLD": "7",
        "INNOBARO_DEMO_ON_EMPTY": "0",
    }
    config = load_config(environ=env)
    assert (config.data_dir, config.anonymity_threshold, config.demo_on_empty) == (tmp_path, 7, False)
    assert load_config(data_dir=tmp_path / "x", environ=env).data_dir == tmp_path / "x"


@pytest.mark.parametrize(("value", "message"), [("2", "lavere enn 3"), ("fem", "et heltall")])
def test_unusable_threshold_is_refused_in_bokmal(value, message):
    with pytest.raises(ConfigError, match=message):
        load_config(environ={"INNOBARO_ANONYMITY_THRESHOLD": value})


def test_streamlits_upload_limit_is_the_import_size_limit():
    import tomllib

    streamlit_config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    default = next(s.default for s in SETTINGS if s.name == "max_file_mb")
    assert streamlit_config["server"]["maxUploadSize"] == int(default) == load_config(environ={}).max_file_mb


@pytest.mark.parametrize("value", ["0", "-5", "mange"])
def test_unusable_limits_are_refused_in_bokmal(value):
    with pytest.raises(ConfigError, match="INNOBARO_MAX_ROWS må være et positivt heltall"):
        load_config(environ={"INNOBARO_MAX_ROWS": value})
