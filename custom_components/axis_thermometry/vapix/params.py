"""Device parameters.

``param.cgi`` (modern) with the 2002 spec's ``admin/getparam.cgi`` and
``admin/setparam.cgi`` as fallback, plus what the integration reads from them: identity,
palette, I/O ports.

Parameter names are returned without the ``root.`` prefix (``Brand.ProdNbr``).
"""

import asyncio
from collections.abc import Iterable, Mapping, Sequence
import re
from typing import Final
import xml.etree.ElementTree as ET

from ._parse import cut
from .cgi import check_cgi_answer
from .errors import (
    VapixMalformedResponseError,
    VapixNotSupportedError,
    VapixRequestError,
    VapixServerError,
)
from .models import DeviceIdentity
from .transport import HttpResponse, VapixTransport

PARAM_PATH: Final = "/axis-cgi/param.cgi"
LEGACY_GET_PATH: Final = "/axis-cgi/admin/getparam.cgi"
LEGACY_SET_PATH: Final = "/axis-cgi/admin/setparam.cgi"

PALETTE: Final = "Image.I0.Appearance.Palette"
RESOLUTIONS: Final = "Properties.Image.Resolution"
# Serial numbers become unique ids and device identifiers: letters and digits only.
_SERIAL = re.compile(r"[0-9A-Za-z]{4,32}")
_DAYNIGHT = re.compile(r"ImageSource\.I([0-9]{1,2})\.DayNight\.")
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
        cut(value)
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

    async def list(self, groups: Iterable[str], *, missing_ok: bool = False) -> dict[str, str]:
        """List the parameters of ``groups`` (e.g. ``["Brand", "Properties.System"]``).

        A device refuses the whole request when one group does not exist; with
        ``missing_ok`` the groups are asked for one by one and absent ones are left out.
        """
        names = [_strip_root(group) for group in groups]
        if missing_ok and len(names) > 1:
            found: dict[str, str] = {}
            for result in await asyncio.gather(
                *(self.list([name], missing_ok=True) for name in names)
            ):
                found.update(result)
            return found
        try:
            return await self._list(names)
        except VapixRequestError:
            if missing_ok:
                return {}
            raise

    async def _list(self, names: Sequence[str]) -> dict[str, str]:
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
        # 2002 spec: each parameter or group is a bare query key (?Brand&Properties).
        response = await self._transport.request("GET", LEGACY_GET_PATH, params="&".join(names))
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
        if not _SERIAL.fullmatch(serial):
            raise VapixMalformedResponseError("the device reports no usable serial number")
        mac = None
        if re.fullmatch(r"[0-9A-Fa-f]{12}", serial):
            mac = ":".join(serial[i : i + 2] for i in range(0, 12, 2))

        def text(*keys: str, default: str = "") -> str:
            value = next((params[key].strip() for key in keys if params.get(key, "").strip()), "")
            return cut(value) or default

        return DeviceIdentity(
            serial_number=serial.upper(),
            model=text("Brand.ProdNbr", "Brand.ProdShortName"),
            product_name=text("Brand.ProdFullName", "Brand.ProdNbr"),
            firmware_version=text("Properties.Firmware.Version"),
            mac_address=mac.lower() if mac else None,
            brand=text("Brand.Brand", default="AXIS"),
            ptz=params.get("Properties.PTZ.PTZ", "no").strip().lower() == "yes",
        )

    async def palette(self) -> str:
        """The palette in use (``Image.I0.Appearance.Palette``)."""
        try:
            params = await self.list([PALETTE])
        except VapixRequestError:  # "Error -1 getting param in group ..."
            params = {}
        if PALETTE not in params:
            raise VapixNotSupportedError("the device has no palette parameter")
        return cut(params[PALETTE])

    async def set_palette(self, palette: str) -> None:
        """Switch the palette."""
        await self.update({PALETTE: palette})

    async def palettes(self) -> tuple[str, ...]:
        """Palettes the device offers (isotherm palettes start with ``Iso-``)."""
        return await self.allowed_values(PALETTE)

    async def daynight_channels(self) -> tuple[int, ...]:
        """Channels with DayNight settings (004: ``root.ImageSource.IX.DayNight.ShiftLevel``)."""
        params = await self.list(["ImageSource"], missing_ok=True)
        return tuple(
            sorted({int(match.group(1)) for key in params if (match := _DAYNIGHT.match(key))})
        )


def _check_update_answer(response: HttpResponse) -> None:
    text = check_cgi_answer(response).strip()
    if text and text.upper() != "OK":
        raise VapixMalformedResponseError(f"unexpected answer to a parameter update: {text:.80}")
