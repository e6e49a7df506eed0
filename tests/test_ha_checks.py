"""scripts/ha_checks.py: the repository passes, and each rule catches the defect it names."""

import ast
import copy
import json
from pathlib import Path
import subprocess
from typing import Any
import zipfile

import pytest

from scripts import ha_checks

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "custom_components" / "axis_thermometry"


def _load(name: str) -> Any:
    return json.loads((PACKAGE / name).read_text(encoding="utf-8"))


def test_the_repository_passes() -> None:
    assert ha_checks.problems() == []


def test_a_fixable_issue_with_a_description_is_refused() -> None:
    """The hassfest error of the previous release: description beside fix_flow."""
    strings = _load("strings.json")
    strings["issues"]["wrong_device"]["description"] = "Users never see this."
    found = list(ha_checks.check_translations(strings, strings))
    assert len(found) == 1
    assert "exclusion 'fixable'" in found[0]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (" leading space", "leading or trailing spaces"),
        ("<b>bold</b>", "no HTML"),
        ("the '{name}' camera", "single quotes"),
        ("[%key:common::config_flow::data::host%]", "[%key:"),
    ],
)
def test_translation_values(value: str, reason: str) -> None:
    strings = _load("strings.json")
    strings["config"]["step"]["user"]["title"] = value
    found = list(ha_checks.check_translations(strings, strings))
    assert any(reason in problem for problem in found), found


def test_translation_keys_and_english() -> None:
    strings = _load("strings.json")
    english = copy.deepcopy(strings)
    strings["exceptions"]["Not_Lower"] = {"message": "Text"}
    found = list(ha_checks.check_translations(strings, english))
    assert any("Not_Lower" in problem for problem in found), found
    assert any("translations/en.json differs" in problem for problem in found), found


def test_services_icons_and_strings_agree() -> None:
    strings = _load("strings.json")
    icons = _load("icons.json")
    services: dict[str, Any] = {"pulse_output": {"fields": {"device_id": {}, "extra": {}}}}
    del icons["services"]["set_spot_meter"]
    icons["entity"]["sensor"]["no_such_sensor"] = {"default": "mdi:thermometer"}
    found = "\n".join(ha_checks.check_services_and_icons(strings, services, icons))
    assert "action set_isotherm_levels: in only one of services.yaml and strings.json" in found
    assert "field extra in only one" in found
    assert "action set_isotherm_levels: in only one of services.yaml and icons.json" in found
    assert "entity sensor.no_such_sensor has no text" in found


def test_manifest_version_is_the_changelogs_newest() -> None:
    manifest = _load("manifest.json")
    assert list(ha_checks.check_manifest(manifest, "## [0.2.0] - 2026-12-02\n")) == []
    assert list(ha_checks.check_manifest(manifest, "## [9.9.9]\n## [0.2.0]\n")) == [
        "manifest.json: version 0.2.0 is not the changelog's newest entry 9.9.9"
    ]
    unsorted = {"name": "x", **manifest}
    assert any("alphabetical" in p for p in ha_checks.check_manifest(unsorted, "## [0.2.0]"))


def test_hacs_needs_the_zip_release() -> None:
    assert list(ha_checks.check_hacs({"name": "x", "homeassistant": "2026.10.0"})) == [
        "hacs.json: zip_release is not true (the release workflow attaches a zip)",
        "hacs.json: filename is not axis_thermometry.zip, the release workflow's asset",
    ]


def test_workflows_run_hassfest_hacs_and_the_tests() -> None:
    found = list(ha_checks.check_workflows({"tests.yml": "jobs: {}"}, {"filename": "a.zip"}))
    assert len(found) == 4


@pytest.mark.parametrize(
    ("relative", "source", "reason"),
    [
        (
            "switch.py",
            "from homeassistant.components.switch.const import SwitchDeviceClass",
            "hass-component-root-import",
        ),
        (
            "exacq_coordinator.py",
            "class C(DataUpdateCoordinator[int]):\n    pass",
            "hass-enforce-coordinator-module",
        ),
        (
            "entity.py",
            "class E(Entity):\n    def _async_write_ha_state(self):\n        pass",
            "private _async_write_ha_state",
        ),
        ("coordinator/x.py", "self.last_update_success = True", "last_update_success"),
        (
            "coordinator/x.py",
            "class C(DataUpdateCoordinator[int]):\n    def f(self):\n        self._listeners = {}",
            "private _listeners",
        ),
        ("config_flow.py", "vol.Optional(CONF_SCAN_INTERVAL)", "appropriate-polling"),
    ],
)
def test_python_rules(relative: str, source: str, reason: str) -> None:
    found = list(ha_checks.check_module(relative, ast.parse(source)))
    assert len(found) == 1
    assert reason in found[0]


def test_entries_are_typed_and_runtime_data_is_set() -> None:
    modules = {
        "__init__.py": ast.parse(
            "async def async_setup_entry(hass, entry: ConfigEntry):\n    return True"
        ),
        "sensor.py": ast.parse("async def async_setup_entry(hass, entry, add):\n    pass"),
    }
    found = list(ha_checks.check_entry_typing(modules))
    assert found == [
        "__init__.py: async_setup_entry does not set entry.runtime_data (runtime-data)",
        "__init__.py: async_setup_entry takes no typed config entry alias (strict-typing)",
        "sensor.py: async_setup_entry takes no typed config entry alias (strict-typing)",
        "sensor.py: no PARALLEL_UPDATES (parallel-updates)",
    ]


def test_the_release_zip_holds_the_integration_at_its_root(tmp_path: Path) -> None:
    """scripts/package builds what HACS unpacks into custom_components/axis_thermometry."""
    out = tmp_path / "axis_thermometry.zip"
    subprocess.run([ROOT / "scripts" / "package", out], check=True, capture_output=True)  # noqa: S603
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest == _load("manifest.json")
    assert {"__init__.py", "strings.json", "translations/en.json", "vapix/client.py"} <= names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]
