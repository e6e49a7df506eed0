"""API Discovery (``/axis-cgi/apidiscovery.cgi``, method ``getApiList``)."""

from typing import Final

from ._parse import as_list, as_mapping, as_str, optional, required
from .errors import VapixMalformedResponseError
from .models import ApiDescription, ApiVersion
from .transport import JsonErrorCodes, VapixTransport

PATH: Final = "/axis-cgi/apidiscovery.cgi"
ERROR_CODES: Final = JsonErrorCodes(
    authorization=frozenset({2109, 2110}),
    not_supported=frozenset({2100, 2102}),
)


def parse_api_list(data: object) -> dict[str, ApiDescription]:
    """Parse ``getApiList`` data into descriptions by API id."""
    apis: dict[str, ApiDescription] = {}
    entries = required(as_mapping(data, "getApiList"), ("apiList",), as_list, "getApiList")
    for index, raw in enumerate(entries):
        entry = as_mapping(raw, f"apiList[{index}]")
        api_id = required(entry, ("id",), as_str, "apiList[]")
        version_text = required(entry, ("version",), as_str, "apiList[]")
        try:
            version = ApiVersion.parse(version_text)
        except VapixMalformedResponseError:
            continue  # "beta"-style versions of APIs we do not use
        apis[api_id] = ApiDescription(
            id=api_id, version=version, name=optional(entry, ("name",), as_str, "") or ""
        )
    return apis


class DiscoveryApi:
    """Which APIs, in which versions, a device offers."""

    def __init__(self, transport: VapixTransport) -> None:
        """Use ``transport`` for every request."""
        self._transport = transport

    async def get_api_list(self) -> dict[str, ApiDescription]:
        """The device's APIs by id (``thermometry``, ``daynight``, …)."""
        return parse_api_list(
            await self._transport.call_json(
                PATH, "getApiList", codes=ERROR_CODES, api_version="1.0"
            )
        )
