"""One Axis device: every API over a single authenticated transport."""

from typing import Final

import aiohttp

from . import daynight, thermometry
from .daynight import DayNightApi
from .discovery import DiscoveryApi
from .errors import VapixAuthenticationError, VapixError
from .event_stream import EventStreamApi
from .io import PORT_MANAGEMENT_ID, IoApi
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
        stream_session: aiohttp.ClientSession | None = None,
    ) -> None:
        """Prepare the APIs; nothing is sent until a method is called.

        ``stream_session`` opens the event stream (see :class:`VapixTransport`).
        """
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
            stream_session=stream_session,
        )
        self.discovery = DiscoveryApi(self.transport)
        self.thermometry = ThermometryApi(self.transport)
        self.daynight = DayNightApi(self.transport)
        self.params = ParamsApi(self.transport)
        self.ptz = PtzApi(self.transport, self.params)
        self.io = IoApi(self.transport, self.params)
        self.media = MediaApi(self.transport, self.params)
        self.events = EventStreamApi(self.transport)

    async def supported_apis(self) -> dict[str, ApiVersion] | None:
        """The JSON APIs the device offers, by API Discovery id; None without API Discovery.

        API Discovery also switches the I/O ports to the port management API where listed.
        """
        try:
            apis = {
                api_id: api.version for api_id, api in (await self.discovery.get_api_list()).items()
            }
        except VapixAuthenticationError:
            raise
        except VapixError:
            return None  # old firmware, or an answer we cannot read: probe each API instead
        self.io.management = PORT_MANAGEMENT_ID in apis
        return apis

    async def identify(self) -> DeviceIdentity:
        """Serial number, model, firmware and MAC address."""
        return await self.params.identity()
