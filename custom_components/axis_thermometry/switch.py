"""Switches of cameras and recorders.

Cameras: isotherm palette overlay, per-area enabled, DayNight autotune, guard tour, relay
outputs and virtual inputs. exacqVision servers: soft triggers.
"""

import asyncio
from collections.abc import Awaitable, Callable, Iterable
import contextlib
from dataclasses import dataclass
from datetime import datetime
from functools import partial
import logging
from typing import Any

from homeassistant.components.switch import SwitchDeviceClass, SwitchEntity, SwitchEntityDescription
from homeassistant.const import Platform
from homeassistant.core import CALLBACK_TYPE, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_track_time_interval

from .capability import Capability
from .const import DOMAIN, SOFT_TRIGGER_REFRESH
from .coordinator import (
    AxisThermometryConfigEntry,
    AxisThermometryRuntime,
    ExacqCoordinator,
    is_exacq,
)
from .entity import (
    AreaSettingEntity,
    AxisThermometryEntity,
    ConfigEntity,
    ResourceEntity,
    async_add_resource_entities,
    daynight_name,
)
from .errors import async_write, translated_errors
from .exacq import ExacqError, SoftTrigger
from .exacq_entity import ExacqEntity, async_add_exacq_entities
from .models import Resource, ThermometryConfig
from .vapix import AxisDevice

_LOGGER = logging.getLogger(__name__)

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class SettingSwitchEntityDescription(SwitchEntityDescription):
    """A camera-wide on/off setting, read from the configuration and written on its own."""

    capability: Capability
    value_fn: Callable[[ThermometryConfig], bool]
    available_fn: Callable[[ThermometryConfig], bool] = lambda _: True
    set_fn: Callable[[AxisDevice, bool], Awaitable[Any]]


ISOTHERM_OVERLAY = SettingSwitchEntityDescription(
    key="isotherm_overlay",
    translation_key="isotherm_overlay",
    capability=Capability.ISOTHERM,
    value_fn=lambda c: c.isotherm is not None and c.isotherm.render_overlay,
    available_fn=lambda c: c.isotherm is not None,
    set_fn=lambda device, on: device.thermometry.set_isotherm_levels(render_overlay=on),
)
GUARD_TOUR_SWITCHES: tuple[SettingSwitchEntityDescription, ...] = (
    SettingSwitchEntityDescription(
        key="tgt_pause_on_alarm",
        translation_key="tgt_pause_on_alarm",
        capability=Capability.GUARD_TOUR,
        value_fn=lambda c: c.tgt is not None and c.tgt.pause_on_alarm,
        available_fn=lambda c: c.tgt is not None,
        set_fn=lambda device, on: device.thermometry.set_tgt_configuration(pause_on_alarm=on),
    ),
    SettingSwitchEntityDescription(
        key="tgt_auto_resume",
        translation_key="tgt_auto_resume",
        capability=Capability.GUARD_TOUR,
        value_fn=lambda c: c.tgt is not None and c.tgt.auto_resume,
        # "Only valid if pauseOnAlarm is true."
        available_fn=lambda c: c.tgt is not None and c.tgt.pause_on_alarm,
        set_fn=lambda device, on: device.thermometry.set_tgt_configuration(auto_resume=on),
    ),
)
# The 2002 API cannot tell how many virtual inputs a camera has; Axis cameras have at least 8.
VIRTUAL_INPUTS = 8
AREA_ENABLED = SwitchEntityDescription(key="enabled", translation_key="area_enabled")
AUTOTUNE = SwitchEntityDescription(key="autotune", translation_key="autotune")
GUARD_TOUR = SwitchEntityDescription(key="running", translation_key="guard_tour")
SOFT_TRIGGER = SwitchEntityDescription(key="soft_trigger", translation_key="soft_trigger")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AxisThermometryConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the switches the camera supports, and one per area to enable it.

    For an exacqVision server: one switch per soft trigger.
    """
    if is_exacq(entry):
        server = entry.runtime_data.coordinator
        async_add_exacq_entities(
            entry,
            async_add_entities,
            (SoftTriggerSwitch(server, trigger) for trigger in server.inventory.triggers.values()),
        )
        return
    runtime = entry.runtime_data
    _migrate_output_ids(hass, runtime)
    async_add_entities(
        VirtualInputSwitch(runtime, number) for number in range(1, VIRTUAL_INPUTS + 1)
    )
    async_add_resource_entities(
        entry,
        async_add_entities,
        {
            "area": lambda runtime, area_id: [AreaEnabledSwitch(runtime, AREA_ENABLED, area_id)],
            "isotherm": lambda runtime, _: [SettingSwitch(runtime, ISOTHERM_OVERLAY)],
            "tgt": lambda runtime, _: [
                SettingSwitch(runtime, description) for description in GUARD_TOUR_SWITCHES
            ],
            "daynight": lambda runtime, channel: (
                [AutotuneSwitch(runtime, channel)]
                if runtime.configuration.data.daynight[channel].capabilities.autotune_support
                else []
            ),
            "output": lambda runtime, port: [RelayOutputSwitch(runtime, port)],
            "tour": lambda runtime, number: [GuardTourSwitch(runtime, number)],
        },
    )


def _migrate_output_ids(hass: HomeAssistant, runtime: AxisThermometryRuntime) -> None:
    """Keep relay switches' registry entries across the port numbering fix.

    Outputs used to be numbered 1, 2, ... among outputs; they are now numbered as the camera
    numbers its ports (``IOPort.I<n>`` is port n + 1). The i-th output's entry follows.
    """
    registry = er.async_get(hass)
    serial = runtime.configuration.serial
    for index, port in enumerate(runtime.configuration.data.outputs, start=1):
        old, new = f"{serial}_output_{index}", f"{serial}_output_{port.number}"
        if old == new or registry.async_get_entity_id(Platform.SWITCH, DOMAIN, new):
            continue
        if entity_id := registry.async_get_entity_id(Platform.SWITCH, DOMAIN, old):
            registry.async_update_entity(entity_id, new_unique_id=new)


class OnOffSwitch(SwitchEntity):
    """A switch whose on and off are the same write with a different value."""

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch on."""
        await self._set(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch off."""
        await self._set(False)

    async def _set(self, on: bool) -> None:
        raise NotImplementedError


class SettingSwitch(ConfigEntity, OnOffSwitch):
    """A camera-wide on/off setting."""

    entity_description: SettingSwitchEntityDescription

    def __init__(
        self, runtime: AxisThermometryRuntime, description: SettingSwitchEntityDescription
    ) -> None:
        """Tie the switch to its capability."""
        super().__init__(runtime, description)
        self.capabilities = (description.capability,)

    @property
    def available(self) -> bool:
        """Unavailable while the setting cannot be read or has no effect."""
        return super().available and self.entity_description.available_fn(self.config)

    @property
    def is_on(self) -> bool:
        """The setting in force."""
        return self.entity_description.value_fn(self.config)

    async def _set(self, on: bool) -> None:
        await self.async_write_setting(self.entity_description.set_fn(self.device, on))


class AutotuneSwitch(ConfigEntity, OnOffSwitch):
    """DayNight autotune of one channel; while on it controls the night-to-day level."""

    capabilities = (Capability.DAYNIGHT,)

    def __init__(self, runtime: AxisThermometryRuntime, channel: int) -> None:
        """Name the switch after its channel."""
        serial = runtime.configuration.serial
        super().__init__(runtime, AUTOTUNE, f"{serial}_daynight_{channel}_autotune")
        self.channel = channel
        self._attr_translation_key, self._attr_translation_placeholders = daynight_name(
            runtime.configuration.data, channel, AUTOTUNE.translation_key
        )

    @property
    def available(self) -> bool:
        """Available while the channel is reported."""
        return super().available and self.channel in self.config.daynight

    @property
    def is_on(self) -> bool:
        """Whether autotune is on."""
        channel = self.config.daynight.get(self.channel)
        return bool(channel and channel.configuration.autotune)

    async def _set(self, on: bool) -> None:
        await self.async_write_setting(
            self.device.daynight.set_configuration(self.channel, autotune=on)
        )


class GuardTourSwitch(ResourceEntity, OnOffSwitch):
    """Run or stop one of the PTZ camera's preset guard tours.

    Its state is re-read with the configuration (after a switch, and every few minutes), so a
    tour the camera stops on its own shows as stopped only then.
    """

    capabilities = (Capability.GUARD_TOUR,)

    def __init__(self, runtime: AxisThermometryRuntime, number: int) -> None:
        """Name the switch after the tour."""
        super().__init__(runtime, GUARD_TOUR, ("tour", number))
        tour = runtime.configuration.data.guard_tours[number]
        self._attr_translation_placeholders = {"tour": tour.name}

    @property
    def available(self) -> bool:
        """While the camera answers and still has the tour."""
        return super().available and self.resource_id in self.config.guard_tours

    @property
    def is_on(self) -> bool | None:
        """Whether the tour runs, as the camera last reported."""
        tour = self.config.guard_tours.get(self.resource_id)
        return None if tour is None else tour.running

    async def _set(self, on: bool) -> None:
        await self.async_write_setting(self.device.ptz.set_guard_tour(self.resource_id, on))


class AreaEnabledSwitch(AreaSettingEntity, OnOffSwitch):
    """Whether the camera monitors an area (a disabled area's measurements are unavailable)."""

    @property
    def is_on(self) -> bool:
        """Whether the area is enabled."""
        return self.area_config.enabled

    async def _set(self, on: bool) -> None:
        await self.async_update_area(enabled=on)


class RelayOutputSwitch(AxisThermometryEntity, OnOffSwitch):
    """A relay output: as the event stream reports it, else as polls read it.

    After every switch its state is read back from the camera.
    """

    # Only relays are "switch" switches: the pulse action's picker offers exactly these.
    _attr_device_class = SwitchDeviceClass.SWITCH

    capabilities = (Capability.OUTPUTS,)

    def __init__(self, runtime: AxisThermometryRuntime, port: int) -> None:
        """Name the switch after the port's name on the camera, where it has one."""
        config = runtime.configuration.data
        name = next((p.name for p in config.outputs if p.number == port and p.name), None)
        description = SwitchEntityDescription(
            key=f"output_{port}", translation_key="output_named" if name else "output"
        )
        super().__init__(runtime, description)
        self.port = port
        self._attr_translation_placeholders = {"name": name or "", "number": str(port)}

    def resources(self) -> Iterable[Resource]:
        """The output's state."""
        return (("output", self.port),)

    @property
    def available(self) -> bool:
        """Available while the camera reports the output's state (polled or pushed)."""
        if self.port in self.readings.streamed_outputs:
            return self.camera_available
        return super().available and self.port in self.readings.outputs

    @property
    def is_on(self) -> bool | None:
        """Whether the relay is active, as the camera last reported."""
        return self.readings.outputs.get(self.port)

    async def _set(self, on: bool) -> None:
        await async_write(
            self.device.io.set_output(self.port, on), self.readings.async_confirm_outputs
        )
        if self.readings.outputs.get(self.port) is not on:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="output_not_confirmed",
                translation_placeholders={"entity": self.entity_id},
            )

    async def async_pulse(self, duration: int) -> None:
        """Activate the relay for ``duration`` milliseconds (the camera times it)."""
        await async_write(
            self.device.io.pulse_output(self.port, duration), self.readings.async_confirm_outputs
        )


class VirtualInputSwitch(AxisThermometryEntity, OnOffSwitch):
    """A virtual input, for the camera's action rules.

    The CGI cannot read a virtual input back: the camera's event stream reports it where the
    camera has one; elsewhere the state is assumed from the last change made here. Disabled
    by default.
    """

    _attr_entity_registry_enabled_default = False

    def __init__(self, runtime: AxisThermometryRuntime, number: int) -> None:
        """Number the virtual input as the camera does (1-based)."""
        super().__init__(
            runtime,
            SwitchEntityDescription(key=f"virtual_input_{number}", translation_key="virtual_input"),
        )
        self.number = number
        self._attr_translation_placeholders = {"number": str(number)}
        self._attr_is_on = None

    async def async_added_to_hass(self) -> None:
        """Follow what the event stream reports (undone when the entity is removed)."""
        await super().async_added_to_hass()
        self.async_on_remove(self.readings.inputs.async_add_listener(self._async_updated))

    @property
    def assumed_state(self) -> bool:
        """Assumed unless the event stream reports this input."""
        inputs = self.readings.inputs
        return not (inputs.streaming and self.number in inputs.virtual)

    @property
    def is_on(self) -> bool | None:
        """As the event stream reports it, else as last set from here."""
        if not self.assumed_state:
            return self.readings.inputs.virtual[self.number]
        return self._attr_is_on

    async def _set(self, on: bool) -> None:
        await async_write(self.device.io.set_virtual_input(self.number, on))
        self._attr_is_on = on
        if not self.assumed_state:  # the stream will say so too: no flicker meanwhile
            self.readings.inputs.virtual[self.number] = on
        self.async_write_shown()


class SoftTriggerSwitch(ExacqEntity, SwitchEntity):
    """A soft trigger of an exacqVision server, held on while the switch is on.

    The server drops a soft trigger ~3 s after the last "on", so while on the switch re-sends
    "on" every :data:`SOFT_TRIGGER_REFRESH`. Turning it off (or unloading the entry) stops the
    re-sending and sends "off". The switch shows whether Home Assistant holds the trigger; it
    starts off after a restart.
    """

    _attr_is_on = False

    def __init__(self, coordinator: ExacqCoordinator, trigger: SoftTrigger) -> None:
        """Name the switch after the trigger."""
        super().__init__(coordinator, SOFT_TRIGGER, f"trigger_{trigger.trigger_id}")
        self.trigger = trigger
        self._attr_translation_placeholders = {"trigger": trigger.name}
        self._stop_hold: CALLBACK_TYPE | None = None
        # Keeps a re-sent "on" from overtaking the "off" that ends the hold.
        self._sending = asyncio.Lock()
        self._failing = False

    async def _send(self, on: bool) -> None:
        await self.coordinator.client.set_soft_trigger(self.trigger.trigger_id, on)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Set the trigger, then keep setting it while the switch stays on."""
        async with self._sending, translated_errors():
            await self._send(True)
        if self._stop_hold is None:
            self._stop_hold = async_track_time_interval(
                self.hass,
                self._async_hold,
                SOFT_TRIGGER_REFRESH,
                name=f"{self.entity_id} hold",
                cancel_on_shutdown=True,
            )
        self._attr_is_on = True
        self.async_write_ha_state()

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Stop holding the trigger and release it (the server drops it within ~3 s anyway)."""
        self._release()
        self.async_write_ha_state()
        async with self._sending, translated_errors():
            await self._send(False)

    def _release(self) -> None:
        if self._stop_hold is not None:
            self._stop_hold()
            self._stop_hold = None
        self._attr_is_on = False

    async def _async_hold(self, now: datetime) -> None:
        if self._sending.locked():
            return  # the previous "on" is still on its way
        async with self._sending:
            if self._stop_hold is None:
                return  # turned off while this tick waited
            try:
                await self._send(True)
            except ExacqError as err:
                if not self._failing:
                    _LOGGER.warning("Cannot hold %s on: %s", self.entity_id, err)
                    self._failing = True
                return
        if self._failing:
            _LOGGER.info("Holding %s on again", self.entity_id)
            self._failing = False

    async def async_added_to_hass(self) -> None:
        """Be released when Home Assistant stops (it does not unload entries then)."""
        await super().async_added_to_hass()
        releasers = self.coordinator.config_entry.runtime_data.releasers
        releasers.add(self._async_release_held)
        self.async_on_remove(partial(releasers.discard, self._async_release_held))

    async def _async_release_held(self) -> None:
        """Stop the hold; release a held trigger (best effort) so it does not linger."""
        if self._stop_hold is None:
            return
        self._release()
        async with self._sending:
            with contextlib.suppress(ExacqError):
                await self._send(False)

    async def async_will_remove_from_hass(self) -> None:
        """Release a held trigger when the entity goes (unload, reload, trigger deleted)."""
        await self._async_release_held()
        await super().async_will_remove_from_hass()
