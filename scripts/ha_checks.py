"""Home Assistant's and HACS's checks that run offline, on this repository's own files.

hassfest is not on PyPI and Home Assistant core's repository is too large to fetch, so the
rules of theirs this integration can break are restated here, each citing the check it stands
for: the translation schema (hassfest ``translations.py``), services and icons against each
other (hassfest ``services.py``, ``icons.py``), the manifest (hassfest ``manifest.py``), core's
pylint plugins (``hass_imports``, ``hass_enforce_coordinator_module``), the quality-scale rules
*runtime-data*, *parallel-updates* and *appropriate-polling*, and HACS's ``hacs.json`` with a
zipped release. ``python scripts/ha_checks.py`` prints every problem and fails if there is one.
"""

import ast
from collections.abc import Iterator, Mapping
import json
from pathlib import Path
import re
import sys
from typing import Any

from homeassistant.util.yaml import parse_yaml
import voluptuous as vol

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "axis_thermometry"
PACKAGE = ROOT / "custom_components" / DOMAIN
PLATFORMS = {
    "binary_sensor", "button", "camera", "event", "image", "number", "select", "sensor", "switch",
}  # fmt: skip

KEY = re.compile(r"^[a-z0-9_-]+$")  # hassfest: translation keys are lower-case slugs
HTML = re.compile(r"<[a-z/!][^>]*>", re.IGNORECASE)
SINGLE_QUOTED_PLACEHOLDER = re.compile(r"'\{\w+\}'")


# ------------------------------------------------------------------------------ translations


def _text(value: Any) -> str:
    """A translation string as hassfest's ``translation_value_validator`` accepts it."""
    if not isinstance(value, str) or not value:
        raise vol.Invalid("a translation is a non-empty string")
    if HTML.search(value):
        raise vol.Invalid("a translation holds no HTML")
    if SINGLE_QUOTED_PLACEHOLDER.search(value):
        raise vol.Invalid("a placeholder is not put in single quotes")
    if "[%key:" in value:
        raise vol.Invalid("a custom integration cannot use [%key:...%] references")
    if value != value.strip(" "):
        raise vol.Invalid("a translation has no leading or trailing spaces")
    return value


def _keys(value_schema: Any) -> dict[Any, Any]:
    """A mapping of lower-case keys to ``value_schema``."""
    return {vol.Match(KEY): value_schema}


def _flow(*, issue: bool = False) -> vol.Schema:
    step = {
        vol.Optional("title"): _text,
        vol.Optional("description"): _text,
        vol.Optional("data"): _keys(_text),
        vol.Optional("data_description"): _keys(_text),
        vol.Optional("menu_options"): _keys(_text),
        vol.Optional("submit"): _text,
        vol.Optional("sections"): _keys({"name": _text, vol.Optional("description"): _text}),
    }
    keys: dict[Any, Any] = {
        vol.Optional("step"): _keys(step),
        vol.Optional("error"): _keys(_text),
        vol.Optional("abort"): _keys(_text),
    }
    if not issue:
        keys |= {
            vol.Optional("flow_title"): _text,
            vol.Optional("progress"): _keys(_text),
            vol.Optional("create_entry"): _keys(_text),
            vol.Optional("initiate_flow"): _keys(_text),
            vol.Optional("entry_type"): _text,
        }
    return vol.Schema(keys)


STRINGS = vol.Schema(
    {
        vol.Optional("title"): _text,
        vol.Optional("config"): _flow(),
        vol.Optional("options"): _flow(),
        vol.Optional("selector"): _keys(
            {
                vol.Optional("options"): _keys(_text),
                vol.Optional("unit_of_measurement"): _keys(_text),
            }
        ),
        vol.Optional("services"): _keys(
            {
                vol.Required("name"): _text,
                vol.Required("description"): _text,
                vol.Optional("fields"): _keys(
                    {
                        vol.Required("name"): _text,
                        vol.Required("description"): _text,
                        vol.Optional("example"): _text,
                    }
                ),
                vol.Optional("sections"): _keys(
                    {"name": _text, vol.Optional("description"): _text}
                ),
            }
        ),
        vol.Optional("entity"): {
            vol.In(PLATFORMS): _keys(
                {
                    vol.Optional("name"): _text,
                    vol.Optional("state"): _keys(_text),
                    vol.Optional("state_attributes"): _keys(
                        {vol.Optional("name"): _text, vol.Optional("state"): _keys(_text)}
                    ),
                    vol.Optional("unit_of_measurement"): _text,
                }
            )
        },
        vol.Optional("device"): _keys({"name": _text}),
        vol.Optional("exceptions"): _keys({"message": _text}),
        # hassfest: a fixable issue's text lives in its fix flow's steps (exclusive keys).
        vol.Optional("issues"): _keys(
            {
                vol.Required("title"): _text,
                vol.Exclusive("description", "fixable"): _text,
                vol.Exclusive("fix_flow", "fixable"): _flow(issue=True),
            }
        ),
    }
)


def check_translations(strings: Any, english: Any) -> Iterator[str]:
    """strings.json against hassfest's schema; translations/en.json is the same text."""
    try:
        STRINGS(strings)
    except vol.MultipleInvalid as err:
        for error in err.errors:
            yield f"strings.json: {error}"
    if english != strings:
        yield "translations/en.json differs from strings.json (custom integrations ship both)"
    for issue, spec in (strings.get("issues") or {}).items():
        if "fix_flow" not in spec and "description" not in spec:
            yield f"strings.json: issue {issue} has neither a description nor a fix flow"


# ------------------------------------------------------------------------ services and icons

ICONS = vol.Schema(
    {
        vol.Optional("entity"): {
            vol.In(PLATFORMS): _keys(
                {
                    vol.Optional("default"): str,
                    vol.Optional("state"): _keys(str),
                    vol.Optional("range"): {vol.Coerce(int): str},
                    vol.Optional("state_attributes"): _keys(
                        {vol.Optional("default"): str, vol.Optional("state"): _keys(str)}
                    ),
                }
            )
        },
        vol.Optional("services"): _keys(
            vol.Any(str, {vol.Required("service"): str, vol.Optional("sections"): _keys(str)})
        ),
    }
)


def check_services_and_icons(
    strings: Mapping[str, Any], services: Mapping[str, Any], icons: Any
) -> Iterator[str]:
    """Every action has its text and icon; every field its text; every icon its entity."""
    texts = strings.get("services") or {}
    for service in set(services) ^ set(texts):
        yield f"action {service}: in only one of services.yaml and strings.json"
    for service, spec in services.items():
        fields = set((spec or {}).get("fields") or {})
        translated = set((texts.get(service) or {}).get("fields") or {})
        for field in fields ^ translated:
            yield f"action {service}: field {field} in only one of services.yaml and strings.json"
        for field in ((spec or {}).get("fields") or {}).values():
            select = (field.get("selector") or {}).get("select") or {}
            key = select.get("translation_key")
            if key is not None and key not in (strings.get("selector") or {}):
                yield f"action {service}: selector {key} has no text in strings.json"
    try:
        ICONS(icons)
    except vol.MultipleInvalid as err:
        for error in err.errors:
            yield f"icons.json: {error}"
        return
    for service in set(icons.get("services") or {}) ^ set(services):
        yield f"action {service}: in only one of services.yaml and icons.json"
    entities = strings.get("entity") or {}
    for platform, keys in (icons.get("entity") or {}).items():
        for key in set(keys) - set(entities.get(platform) or {}):
            yield f"icons.json: entity {platform}.{key} has no text in strings.json"


# --------------------------------------------------------------------- manifest and release

IOT_CLASSES = {
    "assumed_state", "calculated", "cloud_polling", "cloud_push", "local_polling", "local_push",
}  # fmt: skip
CHANGELOG_ENTRY = re.compile(r"^## \[?(\d+\.\d+\.\d+)\]?", re.MULTILINE)


def check_manifest(manifest: Mapping[str, Any], changelog: str) -> Iterator[str]:
    """Hassfest's manifest rules, and the version released is the changelog's newest."""
    keys = list(manifest)
    if keys[:2] != ["domain", "name"] or keys[2:] != sorted(keys[2:]):
        yield "manifest.json: domain and name first, then the keys in alphabetical order"
    if manifest.get("domain") != DOMAIN:
        yield f"manifest.json: domain is not {DOMAIN}"
    if manifest.get("iot_class") not in IOT_CLASSES:
        yield f"manifest.json: unknown iot_class {manifest.get('iot_class')}"
    for key in ("codeowners", "config_flow", "documentation", "issue_tracker", "version"):
        if key not in manifest:
            yield f"manifest.json: {key} is missing (a custom integration needs it)"
    entries = CHANGELOG_ENTRY.findall(changelog)
    if not entries:
        yield "CHANGELOG.md: no release entry (## [x.y.z])"
    elif entries[0] != manifest.get("version"):
        yield (
            f"manifest.json: version {manifest.get('version')} is not the changelog's newest "
            f"entry {entries[0]}"
        )


def check_hacs(hacs: Mapping[str, Any]) -> Iterator[str]:
    """HACS installs the release's zip: hacs.json says so and names it."""
    for key in ("name", "homeassistant"):
        if not hacs.get(key):
            yield f"hacs.json: {key} is missing"
    if hacs.get("zip_release") is not True:
        yield "hacs.json: zip_release is not true (the release workflow attaches a zip)"
    if hacs.get("filename") != f"{DOMAIN}.zip":
        yield f"hacs.json: filename is not {DOMAIN}.zip, the release workflow's asset"


def check_workflows(workflows: Mapping[str, str], hacs: Mapping[str, Any]) -> Iterator[str]:
    """The hassfest and HACS actions run; a release attaches the zip hacs.json names."""
    steps = [
        step
        for text in workflows.values()
        for job in (_yaml(text).get("jobs") or {}).values()
        for step in job.get("steps") or []
    ]
    uses = {str(step.get("uses", "")).split("@")[0] for step in steps}
    for action in ("home-assistant/actions/hassfest", "hacs/action"):
        if action not in uses:
            yield f".github/workflows: no job uses {action}"
    if not any("scripts/test" in str(step.get("run", "")) for step in steps):
        yield ".github/workflows: no job runs scripts/test"
    release = workflows.get("release.yml", "")
    if f"scripts/package dist/{hacs.get('filename')}" not in release:
        yield f".github/workflows/release.yml: does not attach {hacs.get('filename')}"


# ------------------------------------------------------------------------------ Python rules

# Home Assistant members an integration must neither define (override) nor assign.
PRIVATE_OVERRIDES = {
    "_async_write_ha_state", "_async_refresh", "_schedule_refresh", "_handle_refresh_interval",
    "_async_update_listeners", "_stringify_state",
}  # fmt: skip
HA_ASSIGNED = {"last_update_success"}
# ... and private members of its coordinators and entities, assigned in their subclasses.
HA_PRIVATE = {"_unsub_refresh", "_listeners", "_debounced_refresh", "_microsecond"}


def _base_names(node: ast.ClassDef) -> set[str]:
    names = set()
    for base in node.bases:
        target = base.value if isinstance(base, ast.Subscript) else base
        if isinstance(target, ast.Name):
            names.add(target.id)
        elif isinstance(target, ast.Attribute):
            names.add(target.attr)
    return names


def _assigned(tree: ast.AST, members: set[str]) -> Iterator[tuple[int, str]]:
    """Where an attribute named in ``members`` is assigned in ``tree``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr in members:
                    yield node.lineno, target.attr


def check_module(relative: str, tree: ast.Module) -> Iterator[str]:
    """Core's pylint plugins and quality-scale rules that read one module."""
    in_coordinator_module = relative == "coordinator.py" or relative.startswith("coordinator/")
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[:2] == ["homeassistant", "components"] and len(parts) > 3:
                yield (
                    f"{relative}:{node.lineno}: import from {node.module}; import from the "
                    f"component's root, homeassistant.components.{parts[2]} (hass-component-"
                    "root-import)"
                )
        elif isinstance(node, ast.ClassDef):
            bases = _base_names(node)
            if "DataUpdateCoordinator" in bases and not in_coordinator_module:
                yield (
                    f"{relative}:{node.lineno}: coordinator {node.name} outside coordinator.py "
                    "or coordinator/ (hass-enforce-coordinator-module)"
                )
            if any(base.endswith(("Coordinator", "Entity")) for base in bases):
                for line, member in _assigned(node, HA_PRIVATE):
                    yield f"{relative}:{line}: assigns Home Assistant's private {member}"
        elif (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name in PRIVATE_OVERRIDES
        ):
            yield f"{relative}:{node.lineno}: overrides Home Assistant's private {node.name}"
    for line, member in _assigned(tree, HA_ASSIGNED):
        yield f"{relative}:{line}: assigns Home Assistant's {member}"
    if relative == "config_flow.py":
        source = ast.unparse(tree)
        if "CONF_SCAN_INTERVAL" in source or "scan_interval" in source:
            yield (
                "config_flow.py: a polling interval field (appropriate-polling, "
                "hass-config-flow-polling-field)"
            )


def _function(tree: ast.Module, name: str) -> ast.AsyncFunctionDef | None:
    for node in tree.body:
        if isinstance(node, ast.AsyncFunctionDef) and node.name == name:
            return node
    return None


def _typed_entry(function: ast.AsyncFunctionDef) -> bool:
    """The entry argument is annotated with a typed alias (a Name, not ConfigEntry)."""
    arguments = function.args.args
    annotation = arguments[1].annotation if len(arguments) > 1 else None
    return (
        isinstance(annotation, ast.Name)
        and annotation.id.endswith("ConfigEntry")
        and annotation.id != "ConfigEntry"
    )


def check_entry_typing(modules: Mapping[str, ast.Module]) -> Iterator[str]:
    """runtime-data under strict typing: typed entries, runtime_data set in setup."""
    setup = _function(modules["__init__.py"], "async_setup_entry")
    if setup is None:
        yield "__init__.py: no async_setup_entry"
    else:
        assigned = any(
            isinstance(node, ast.Attribute)
            and node.attr == "runtime_data"
            and isinstance(node.ctx, ast.Store)
            for node in ast.walk(setup)
        )
        if not assigned:
            yield "__init__.py: async_setup_entry does not set entry.runtime_data (runtime-data)"
    for relative, tree in modules.items():
        for name in ("async_setup_entry", "async_unload_entry", "async_remove_entry"):
            function = _function(tree, name)
            if function is not None and not _typed_entry(function):
                yield f"{relative}: {name} takes no typed config entry alias (strict-typing)"
        platform = relative.removesuffix(".py")
        if platform in PLATFORMS:
            declared = any(
                isinstance(node, ast.Assign)
                and any(
                    isinstance(t, ast.Name) and t.id == "PARALLEL_UPDATES" for t in node.targets
                )
                for node in tree.body
            )
            if not declared:
                yield f"{relative}: no PARALLEL_UPDATES (parallel-updates)"


# ------------------------------------------------------------------------------------ runner


def _yaml(text: str) -> dict[str, Any]:
    loaded = parse_yaml(text)
    return loaded if isinstance(loaded, dict) else {}


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def problems(root: Path = ROOT) -> list[str]:
    """Every problem in the repository at ``root``."""
    package = root / "custom_components" / DOMAIN
    strings = _json(package / "strings.json")
    services = _yaml((package / "services.yaml").read_text(encoding="utf-8"))
    changelog = root / "CHANGELOG.md"
    modules = {
        path.relative_to(package).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(package.rglob("*.py"))
    }
    hacs = _json(root / "hacs.json")
    workflows = {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted((root / ".github" / "workflows").glob("*.yml"))
    }
    found = [
        *check_translations(strings, _json(package / "translations" / "en.json")),
        *check_services_and_icons(strings, services, _json(package / "icons.json")),
        *check_manifest(
            _json(package / "manifest.json"),
            changelog.read_text(encoding="utf-8") if changelog.exists() else "",
        ),
        *check_hacs(hacs),
        *check_workflows(workflows, hacs),
        *check_entry_typing(modules),
    ]
    for relative, tree in modules.items():
        found += check_module(relative, tree)
    return found


def main() -> int:
    """Print every problem; fail if there is one."""
    found = problems()
    for problem in found:
        print(problem, file=sys.stderr)
    print(f"ha_checks: {len(found) or 'no'} problem(s)", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
