"""Device parameters.

``param.cgi`` (modern) with the 2002 spec's ``admin/getparam.cgi`` and
``admin/setparam.cgi`` as fallback, plus what the integration reads from them: identity,
palette, I/O ports.

Parameter names are returned without the ``root.`` prefix (``Brand.ProdNbr``).
"""

from collections.abc import Iterable, Mapping
import re
from typing import Final
import xml.etree.ElementTree as ET

from .cgi import check_cgi_answer
from .errors import (
    VapixMalformedResponseError,
    VapixNotSupportedError,
    VapixRequestError,
    VapixServerError,
)
from .models import DeviceIdentity, IoPort
from .transport import HttpResponse, VapixTransport

PARAM_PATH: Final = "/axis-cgi/param.cgi"
LEGACY_GET_PATH: Final = "/axis-cgi/admin/getparam.cgi"
LEGACY_SET_PATH: Final = "/axis-cgi/admin/setparam.cgi"

PALETTE: Final = "Image.I0.Appearance.Palette"
ISOTHERM_PALETTE_PREFIX: Final = "Iso-"
# Readable by every user level; on Axis devices the serial number is the MAC address.
IDENTITY_GROUPS: Final = ("Brand", "Properties")


def _strip_root(name: str) -> str:
    return name[5:] if name.startswith("root.") else name


def parse_parameter_lines(text: str) -> dict[str, str]:
    """Parse ``name=value`` lines (after :func:`check_cgi_answer` has ruled out errors)."""
    result: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("# Error", "Error")):
            # Errors for one group among several arrive after good lines.
            raise VapixRequestError(None, line.lstrip("# ").removeprefix("Error:").strip())
        name, sep, value = line.partition("=")
        if not sep or not name.strip():
            continue  # comments and headers some firmware adds
        result[_strip_root(name.strip())] = value
    return result


def parse_definitions_enum(xml_text: str, parameter: str) -> tuple[str, ...]:
    """The allowed values of ``parameter`` from ``listdefinitions`` XML.

    Namespaces differ between firmware versions, so elements are matched by local name.
    """
    try:
        root = ET.fromstring(xml_text)  # noqa: S314 - bounded device answer, expat limits
    except ET.ParseError as err:
        raise VapixMalformedResponseError(f"parameter definitions: {err}") from None
    path = parameter.removeprefix("root.").split(".")

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def find(node: ET.Element, names: list[str]) -> ET.Element | None:
        if not names:
            return node
        for child in node:
            if local(child.tag) in {"group", "parameter"} and child.get("name") == names[0]:
                found = find(child, names[1:])
                if found is not None:
                    return found
            elif local(child.tag) == "group" and child.get("name") == "root":
                found = find(child, names)
                if found is not None:
                    return found
        return None

    node = find(root, path)
    if node is None:
        raise VapixNotSupportedError(f"the device defines no parameter {parameter}")
    values = tuple(
        value
        for element in node.iter()
        if local(element.tag) == "entry" and (value := element.get("value")) is not None
    )
    if not values:
        raise VapixNotSupportedError(f"{parameter} has no list of allowed values")
    return values


class ParamsApi:
    """Read and write device parameters."""

    def __init__(self, transport: VapixTransport) -> None:
        """Use ``transport`` for every request."""
        self._transport = transport
        self.legacy = False  # set once param.cgi turns out to be absent

    async def list(self, groups: Iterable[str]) -> dict[str, str]:
        """List the parameters of ``groups`` (e.g. ``["Brand", "Properties.System"]``)."""
        names = [_strip_root(group) for group in groups]
        if not self.legacy:
            try:
                response = await self._transport.request(
                    "GET",
                    PARAM_PATH,
                    params={"action": "list", "group": ",".join(f"root.{n}" for n in names)},
                )
            except VapixNotSupportedError:
                self.legacy = True
            else:
                return parse_parameter_lines(check_cgi_answer(response))
        # 2002 spec: each parameter or group is a bare query key.
        response = await self._transport.request(
            "GET", LEGACY_GET_PATH, params=dict.fromkeys(names, "")
        )
        return parse_parameter_lines(check_cgi_answer(response))

    async def update(self, values: Mapping[str, str]) -> None:
        """Set parameters; all in one request, so the device applies them together."""
        if not self.legacy:
            try:
                response = await self._transport.request(
                    "GET",
                    PARAM_PATH,
                    params={
                        "action": "update",
                        **{f"root.{_strip_root(k)}": v for k, v in values.items()},
                    },
                )
            except VapixNotSupportedError:
                self.legacy = True
            else:
                _check_update_answer(response)
                return
        response = await self._transport.request(
            "GET", LEGACY_SET_PATH, params={_strip_root(k): v for k, v in values.items()}
        )
        _check_update_answer(response)

    async def allowed_values(self, parameter: str) -> tuple[str, ...]:
        """Allowed values of an enumerated parameter, from the device's definitions."""
        if self.legacy:
            raise VapixNotSupportedError("legacy firmware has no parameter definitions")
        response = await self._transport.request(
            "GET",
            PARAM_PATH,
            params={
                "action": "listdefinitions",
                "listformat": "xmlschema",
                "group": f"root.{_strip_root(parameter)}",
            },
        )
        if response.status != 200:
            raise VapixServerError(response.status)
        return parse_definitions_enum(response.text, parameter)

    # ------------------------------------------------------------------ what we read from them

    async def identity(self) -> DeviceIdentity:
        """Serial number, model, firmware and MAC address."""
        params = await self.list(IDENTITY_GROUPS)
        serial = params.get("Properties.System.SerialNumber", "").strip()
        if not serial:
            raise VapixMalformedResponseError("the device reports no serial number")
        mac = None
        if re.fullmatch(r"[0-9A-Fa-f]{12}", serial):
            mac = ":".join(serial[i : i + 2] for i in range(0, 12, 2))
        return DeviceIdentity(
            serial_number=serial.upper(),
            model=params.get("Brand.ProdNbr", "") or params.get("Brand.ProdShortName", ""),
            product_name=params.get("Brand.ProdFullName", "") or params.get("Brand.ProdNbr", ""),
            firmware_version=params.get("Properties.Firmware.Version", ""),
            mac_address=mac.lower() if mac else None,
            brand=params.get("Brand.Brand", "AXIS") or "AXIS",
        )

    async def palette(self) -> str:
        """The palette in use (``Image.I0.Appearance.Palette``)."""
        try:
            params = await self.list([PALETTE])
        except VapixRequestError:  # "Error -1 getting param in group ..."
            params = {}
        if PALETTE not in params:
            raise VapixNotSupportedError("the device has no palette parameter")
        return params[PALETTE]

    async def set_palette(self, palette: str) -> None:
        """Switch the palette."""
        await self.update({PALETTE: palette})

    async def palettes(self) -> tuple[str, ...]:
        """Palettes the device offers (isotherm palettes start with ``Iso-``)."""
        return await self.allowed_values(PALETTE)

    async def io_ports(self) -> tuple[tuple[IoPort, ...], tuple[IoPort, ...]]:
        """Digital inputs and relay outputs, numbered as ``io/*.cgi`` number them (1-based).

        Counts come from ``Input.NbrOfInputs`` / ``Output.NbrOfOutputs``; names from the
        ``IOPort`` group where the device has one.
        """
        params = await self.list(["Input", "Output", "IOPort"])
        ports: dict[str, list[str | None]] = {"input": [], "output": []}
        for index in range(64):
            prefix = f"IOPort.I{index}"
            direction = params.get(f"{prefix}.Direction")
            if direction is None:
                break
            kind = "output" if direction.strip().lower() == "output" else "input"
            name = params.get(f"{prefix}.{kind.capitalize()}.Name", "").strip()
            ports[kind].append(name or None)
        result: list[tuple[IoPort, ...]] = []
        for kind, count_key in (("input", "Input.NbrOfInputs"), ("output", "Output.NbrOfOutputs")):
            try:
                count = int(params.get(count_key, str(len(ports[kind]))))
            except ValueError:
                raise VapixMalformedResponseError(f"{count_key} is not a number") from None
            names = ports[kind] + [None] * max(0, count - len(ports[kind]))
            result.append(tuple(IoPort(number=i + 1, name=names[i]) for i in range(max(0, count))))
        return result[0], result[1]

    async def has_ptz(self) -> bool:
        """Whether the device has a PTZ driver (``Properties.PTZ.PTZ=yes``)."""
        params = await self.list(["Properties.PTZ"])
        return params.get("Properties.PTZ.PTZ", "no").strip().lower() == "yes"


def _check_update_answer(response: HttpResponse) -> None:
    text = check_cgi_answer(response).strip()
    if text and text.upper() != "OK":
        raise VapixMalformedResponseError(f"unexpected answer to a parameter update: {text:.80}")
