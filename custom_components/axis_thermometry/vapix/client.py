"""One Axis device: every API over a single authenticated transport."""

import asyncio
from typing import Final

import aiohttp

from . import daynight, thermometry
from .daynight import DayNightApi
from .discovery import DiscoveryApi
from .errors import VapixNotSupportedError
from .io import IoApi
from .media import MediaApi
from .models import ApiVersion, DeviceIdentity
from .params import ParamsApi
from .ptz import PtzApi
from .thermometry import ThermometryApi
from .transport import DEFAULT_TIMEOUT, AuthMethod, VapixTransport

THERMOMETRY: Final = thermometry.API_ID
DAYNIGHT: Final = daynight.API_ID


class AxisDevice:
    """An Axis device reached over the session it is given (never closed here)."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        host: str,
        *,
        username: str,
        password: str,
        port: int | None = None,
        https: bool = False,
        verify_ssl: bool = True,
        auth: AuthMethod = AuthMethod.DIGEST,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Prepare the APIs; nothing is sent until a method is called."""
        self.transport = VapixTransport(
            session,
            host,
            username=username,
            password=password,
            port=port,
            https=https,
            verify_ssl=verify_ssl,
            auth=auth,
            timeout=timeout,
        )
        self.discovery = DiscoveryApi(self.transport)
        self.thermometry = ThermometryApi(self.transport)
        self.daynight = DayNightApi(self.transport)
        self.params = ParamsApi(self.transport)
        self.ptz = PtzApi(self.transport, self.params)
        self.io = IoApi(self.transport)
        self.media = MediaApi(self.transport)

    async def supported_apis(self) -> dict[str, ApiVersion]:
        """The JSON APIs the device offers, by API Discovery id.

        Devices without API Discovery are probed with ``getSupportedVersions`` of the APIs this
        integration uses.
        """
        try:
            return {
                api_id: api.version for api_id, api in (await self.discovery.get_api_list()).items()
            }
        except VapixNotSupportedError:
            pass

        async def probe(api_id: str, versions_of: ThermometryApi | DayNightApi) -> None:
            try:
                versions = await versions_of.get_supported_versions()
            except VapixNotSupportedError:
                return
            if versions:
                found[api_id] = max(versions)

        found: dict[str, ApiVersion] = {}
        await asyncio.gather(probe(THERMOMETRY, self.thermometry), probe(DAYNIGHT, self.daynight))
        return found

    async def identify(self) -> DeviceIdentity:
        """Serial number, model, firmware and MAC address."""
        return await self.params.identity()
