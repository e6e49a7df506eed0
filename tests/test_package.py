"""The package itself: Home Assistant loads it, and its metadata files are valid."""

import json
from pathlib import Path
import re
from typing import Any

from awesomeversion import AwesomeVersion, AwesomeVersionStrategy
from homeassistant import config_entries
from homeassistant.const import __version__ as ha_version
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.translation import async_get_translations
from homeassistant.loader import async_get_integration
from homeassistant.setup import async_setup_component

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
    assert integration.name == "Axis Thermometry"
    assert integration.config_flow
    assert integration.version == AwesomeVersion(_load(PACKAGE / "manifest.json")["version"])
    assert await async_setup_component(hass, DOMAIN, {})


def test_manifest() -> None:
    """manifest.json has every key Home Assistant and HACS need, with sane values."""
    manifest = _load(PACKAGE / "manifest.json")
    assert manifest["domain"] == DOMAIN == PACKAGE.name
    assert manifest["name"] == "Axis Thermometry"
    assert manifest["config_flow"] is True
    assert manifest["iot_class"] == "local_polling"
    assert manifest["integration_type"] == "device"
    assert manifest["requirements"] == []
    assert manifest["codeowners"]
    assert all(owner.startswith("@") for owner in manifest["codeowners"])
    for url_key in ("documentation", "issue_tracker"):
        assert manifest[url_key].startswith("https://")
    version = AwesomeVersion(manifest["version"])
    assert version.strategy == AwesomeVersionStrategy.SEMVER
    # Home Assistant's own keys come first, the rest alphabetically (hassfest's rule).
    assert list(manifest)[:2] == ["domain", "name"]
    assert list(manifest)[2:] == sorted(list(manifest)[2:])


def test_manifest_zeroconf_matches_only_axis_devices() -> None:
    """Discovery is limited to Axis MAC prefixes on the Axis mDNS service."""
    entries = _load(PACKAGE / "manifest.json")["zeroconf"]
    assert {entry["type"] for entry in entries} == {"_axis-video._tcp.local."}
    prefixes = {entry["properties"]["macaddress"] for entry in entries}
    assert prefixes == {f"{prefix}*" for prefix in AXIS_MAC_PREFIXES}


def test_hacs_json() -> None:
    """hacs.json names the integration and a minimum Home Assistant we actually test on."""
    hacs = _load(ROOT / "hacs.json")
    assert hacs["name"] == "Axis Thermometry"
    assert hacs["render_readme"] is True
    minimum = AwesomeVersion(hacs["homeassistant"])
    assert minimum.strategy == AwesomeVersionStrategy.CALVER
    assert minimum <= AwesomeVersion(ha_version)


def test_translations_match_strings() -> None:
    """translations/en.json is strings.json: custom integrations ship the resolved English."""
    strings = _load(PACKAGE / "strings.json")
    assert _load(PACKAGE / "translations" / "en.json") == strings
    text = json.dumps(strings)
    assert not re.search(r"\[%key:", text), "custom integrations cannot use [%key:...%] references"


async def test_translations_load_in_home_assistant(hass: HomeAssistant) -> None:
    """Home Assistant's translation loader reads our strings."""
    translations = await async_get_translations(hass, "en", "config", [DOMAIN])
    assert translations[f"component.{DOMAIN}.config.abort.not_implemented"]


async def test_config_flow_does_not_pretend(hass: HomeAssistant) -> None:
    """Until device setup exists the flow aborts with an explanation, creating nothing."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_implemented"
    assert hass.config_entries.async_entries(DOMAIN) == []
