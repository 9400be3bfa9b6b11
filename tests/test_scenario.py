from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from stancemap.cli import app
from stancemap.scenario import ScenarioError, default_scenario_path, load_scenario

SPEC_PARTIES = {"RUS", "UKR", "USA", "EUR", "NATO", "CHN", "OTHER"}
SPEC_ACTIONS = {"demand", "offer", "reject", "accept", "propose"}


def test_bundled_scenario_uses_the_canonical_ids() -> None:
    scenario = load_scenario()
    assert set(scenario.party_ids) == SPEC_PARTIES
    assert set(scenario.action_ids) == SPEC_ACTIONS
    assert len(scenario.issue_ids) == 17
    assert {"territory.donbas", "security.troops", "plan.overall"} <= set(scenario.issue_ids)


def test_missing_scenario_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="nope.yaml: scenario file not found"):
        load_scenario(tmp_path / "nope.yaml")


def test_wrong_key_is_named(tmp_path: Path) -> None:
    raw = yaml.safe_load(default_scenario_path().read_text())
    raw["parties"]["RUS"]["alias"] = ["typo for aliases"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(raw))
    with pytest.raises(ScenarioError) as info:
        load_scenario(bad)
    assert str(bad) in str(info.value)
    assert "parties.RUS.alias" in str(info.value)


def test_cli_reports_a_bad_scenario_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("name: x\nparties: [unclosed\n")
    result = CliRunner().invoke(app, ["positions", "--db", str(tmp_path / "t.db"),
                                      "--scenario", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "broken.yaml: not valid YAML" in result.stderr


def test_a_document_author_must_be_a_party(tmp_path: Path) -> None:
    raw = yaml.safe_load(default_scenario_path().read_text())
    raw["documents"] = [{"name": "Green Book", "author": "ATLANTIS"}]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(raw))
    with pytest.raises(ScenarioError, match="ATLANTIS"):
        load_scenario(bad)
