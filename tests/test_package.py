"""The package itself: Home Assistant loads it, and its metadata files are valid.

The rules hassfest and HACS hold the metadata to are tests/test_ha_checks.py's.
"""

import json
from pathlib import Path
import re
from typing import Any

from awesomeversion import AwesomeVersion, AwesomeVersionStrategy
from homeassistant.const import __version__ as ha_version
from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations
from homeassistant.loader import async_get_integration
from homeassistant.setup import async_setup_component
from homeassistant.util.yaml import load_yaml_dict
from PIL import Image

from custom_components.axis_thermometry.const import DOMAIN

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "custom_components" / DOMAIN
AXIS_MAC_PREFIXES = {"00408c", "accc8e", "b8a44f", "e82725"}


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


async def test_home_assistant_loads_the_integration(hass: HomeAssistant) -> None:
    """The integration is found in custom_components/ and sets up."""
    integration = await async_get_integration(hass, DOMAIN)
    assert not integration.is_built_in
    assert Path(integration.file_path) == PACKAGE
    assert integration.name == "Axis Thermometry and exacqVision"
    assert integration.config_flow
    assert integration.version == AwesomeVersion(_load(PACKAGE / "manifest.json")["version"])
    assert await async_setup_component(hass, DOMAIN, {})


def test_manifest() -> None:
    """manifest.json has every key Home Assistant and HACS need, with sane values."""
    manifest = _load(PACKAGE / "manifest.json")
    assert manifest["domain"] == DOMAIN == PACKAGE.name
    assert manifest["name"] == "Axis Thermometry and exacqVision"
    assert manifest["config_flow"] is True
    assert manifest["iot_class"] == "local_push"  # alarms and inputs are pushed
    assert manifest["integration_type"] == "device"
    assert manifest["requirements"] == []
    assert manifest["codeowners"]
    assert all(owner.startswith("@") for owner in manifest["codeowners"])
    for url_key in ("documentation", "issue_tracker"):
        assert manifest[url_key].startswith("https://")
    version = AwesomeVersion(manifest["version"])
    assert version.strategy == AwesomeVersionStrategy.SEMVER


def test_manifest_zeroconf_matches_only_axis_devices() -> None:
    """Discovery is limited to Axis MAC prefixes on the Axis mDNS service."""
    entries = _load(PACKAGE / "manifest.json")["zeroconf"]
    assert {entry["type"] for entry in entries} == {"_axis-video._tcp.local."}
    prefixes = {entry["properties"]["macaddress"] for entry in entries}
    assert prefixes == {f"{prefix}*" for prefix in AXIS_MAC_PREFIXES}


def test_hacs_json() -> None:
    """hacs.json names the integration and a minimum Home Assistant we actually test on."""
    hacs = _load(ROOT / "hacs.json")
    assert hacs["name"] == "Axis Thermometry and exacqVision"
    assert hacs["render_readme"] is True
    minimum = AwesomeVersion(hacs["homeassistant"])
    assert minimum.strategy == AwesomeVersionStrategy.CALVER
    assert minimum <= AwesomeVersion(ha_version)


async def test_translations_load_in_home_assistant(hass: HomeAssistant) -> None:
    """Home Assistant's translation loader reads our strings."""
    translations = await async_get_translations(hass, "en", "config", [DOMAIN])
    assert translations[f"component.{DOMAIN}.config.error.not_thermal"]
    entity = await async_get_translations(hass, "en", "entity", [DOMAIN])
    assert entity[f"component.{DOMAIN}.entity.sensor.area_maximum.name"] == ("{area} maximum")


def _used(pattern: str) -> set[str]:
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        found.update(re.findall(pattern, path.read_text(encoding="utf-8")))
    return found


def test_every_key_the_code_uses_is_translated() -> None:
    """Entity names, flow errors and aborts, exceptions and repair issues all have text."""
    strings = _load(PACKAGE / "strings.json")
    entity_keys = {key for platform in strings["entity"].values() for key in platform}
    translation_keys = _used(r'translation_key="(\w+)"') | _used(r'_error\(\s*"(\w+)"')
    assert translation_keys <= entity_keys | set(strings["exceptions"]) | set(strings["issues"])
    assert _used(r'\{"base": "(\w+)"\}') <= set(strings["config"]["error"])
    repair_aborts = {
        reason
        for issue in strings["issues"].values()
        for reason in issue.get("fix_flow", {}).get("abort", {})
    }
    assert _used(r'reason="(\w+)"') <= set(strings["config"]["abort"]) | repair_aborts
    flow_steps = set(strings["config"]["step"]) | {
        step
        for issue in strings["issues"].values()
        for step in issue.get("fix_flow", {}).get("step", {})
    }
    assert _used(r'step_id="(\w+)"') <= flow_steps
    reasons = _used(r'VapixValidationError\(\s*"(\w+)"')
    assert reasons, "the validation reasons were not found"
    assert {f"invalid_{reason}" for reason in reasons} <= set(strings["exceptions"])


QUALITY_RULES = {
    "bronze": [
        "action-setup",
        "appropriate-polling",
        "brands",
        "common-modules",
        "config-flow",
        "config-flow-test-coverage",
        "dependency-transparency",
        "docs-actions",
        "docs-high-level-description",
        "docs-installation-instructions",
        "docs-removal-instructions",
        "entity-event-setup",
        "entity-unique-id",
        "has-entity-name",
        "runtime-data",
        "test-before-configure",
        "test-before-setup",
        "unique-config-entry",
    ],
    "silver": [
        "action-exceptions",
        "config-entry-unloading",
        "docs-configuration-parameters",
        "docs-installation-parameters",
        "entity-unavailable",
        "integration-owner",
        "log-when-unavailable",
        "parallel-updates",
        "reauthentication-flow",
        "test-coverage",
    ],
    "gold": [
        "devices",
        "diagnostics",
        "discovery",
        "discovery-update-info",
        "docs-data-update",
        "docs-examples",
        "docs-known-limitations",
        "docs-supported-devices",
        "docs-supported-functions",
        "docs-troubleshooting",
        "docs-use-cases",
        "dynamic-devices",
        "entity-category",
        "entity-device-class",
        "entity-disabled-by-default",
        "entity-translations",
        "exception-translations",
        "icon-translations",
        "reconfiguration-flow",
        "repair-issues",
        "stale-devices",
    ],
    "platinum": ["async-dependency", "inject-websession", "strict-typing"],
}


def test_quality_scale_records_every_rule() -> None:
    """Every rule is done, or exempt with a reason; none is left to do."""
    rules = load_yaml_dict(PACKAGE / "quality_scale.yaml")["rules"]
    expected = {rule for tier in QUALITY_RULES.values() for rule in tier}
    assert set(rules) == expected
    for rule, value in rules.items():
        status = value if isinstance(value, str) else value["status"]
        assert status in {"done", "exempt"}, rule
        if status == "exempt":
            assert value["comment"], rule


def test_brand_images() -> None:
    """Home Assistant serves a custom integration's brand/ images in the UI."""
    for name, size in (("icon.png", (256, 256)), ("icon@2x.png", (512, 512))):
        with Image.open(PACKAGE / "brand" / name) as image:
            assert image.size == size
    with Image.open(PACKAGE / "brand" / "logo.png") as image:
        assert image.height == 256


def test_demo_configuration_loads_ui_automations() -> None:
    """Automations saved in the UI under scripts/develop load (issue 15, 12)."""
    text = (ROOT / "config" / "configuration.yaml").read_text()
    for line in (
        "automation: !include automations.yaml",
        "script: !include scripts.yaml",
        "scene: !include scenes.yaml",
    ):
        assert line in text.splitlines()
    develop = (ROOT / "scripts" / "develop").read_text()
    assert "automations scripts scenes" in develop  # it creates the included files
