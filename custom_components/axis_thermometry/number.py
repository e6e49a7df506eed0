"""Numbers: isotherm levels, per-area threshold and delay, DayNight levels and dwell times."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import UnitOfTemperature, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .capability import Capability
from .coordinator import AxisThermometryRuntime, CameraConfigEntry
from .entity import (
    AreaSettingEntity,
    ConfigEntity,
    async_add_resource_entities,
    daynight_name,
    isotherm_key,
    setting_degrees,
    threshold_key,
)
from .errors import finite
from .models import DayNightChannel, ThermometryConfig
from .vapix import DayNightConfiguration, IsothermLevels
from .vapix.daynight import DayNightApi
from .vapix.validation import isotherm_ranges

# Every change is a request to the camera followed by a re-read: one at a time.
PARALLEL_UPDATES = 1

type IsothermLevel = Literal["high", "middle", "low", "min"]


@dataclass(frozen=True, kw_only=True)
class IsothermNumberEntityDescription(NumberEntityDescription):
    """One isotherm level: ``field`` names it in ``set_isotherm_levels``."""

    level: IsothermLevel
    field: str
    value_fn: Callable[[IsothermLevels], float | None]


def _isotherm(
    level: IsothermLevel, field: str, value_fn: Callable[[IsothermLevels], float | None]
) -> IsothermNumberEntityDescription:
    return IsothermNumberEntityDescription(
        key=f"isotherm_{level}",
        translation_key=f"isotherm_{level}",
        level=level,
        field=field,
        value_fn=value_fn,
        device_class=NumberDeviceClass.TEMPERATURE,
        mode=NumberMode.BOX,
        native_step=1,
    )


ISOTHERM_NUMBERS = (
    _isotherm("high", "high", lambda levels: levels.high),
    _isotherm("middle", "middle", lambda levels: levels.middle),
    _isotherm("low", "low", lambda levels: levels.low),
    _isotherm("min", "minimum", lambda levels: levels.minimum),
)
AREA_THRESHOLD = NumberEntityDescription(
    key="threshold", translation_key="area_threshold", mode=NumberMode.BOX, native_step=1
)
AREA_DELAY = NumberEntityDescription(
    key="delay",
    translation_key="area_delay",
    device_class=NumberDeviceClass.DURATION,
    native_unit_of_measurement=UnitOfTime.SECONDS,
    mode=NumberMode.BOX,
    native_step=1,
    native_min_value=0,
)


@dataclass(frozen=True, kw_only=True)
class DayNightNumberEntityDescription(NumberEntityDescription):
    """A DayNight level or dwell time of one channel."""

    value_fn: Callable[[DayNightConfiguration], float | None]
    set_fn: Callable[[DayNightApi, int, float], Awaitable[DayNightConfiguration]]
    needs_night_day_support: bool = False


def _shift_level(
    key: str,
    value_fn: Callable[[DayNightConfiguration], float | None],
    set_fn: Callable[[DayNightApi, int, float], Awaitable[DayNightConfiguration]],
    *,
    needs_night_day_support: bool = False,
) -> DayNightNumberEntityDescription:
    """A shift level, 0–100."""
    return DayNightNumberEntityDescription(
        key=key,
        translation_key=key,
        value_fn=value_fn,
        set_fn=set_fn,
        needs_night_day_support=needs_night_day_support,
        native_min_value=0,
        native_max_value=100,
        native_step=1,
    )


def _dwell_time(
    key: str,
    value_fn: Callable[[DayNightConfiguration], float | None],
    set_fn: Callable[[DayNightApi, int, float], Awaitable[DayNightConfiguration]],
) -> DayNightNumberEntityDescription:
    """A dwell time, 1–600 s."""
    return DayNightNumberEntityDescription(
        key=key,
        translation_key=key,
        value_fn=value_fn,
        set_fn=set_fn,
        device_class=NumberDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        native_min_value=1,
        native_max_value=600,
        native_step=1,
        mode=NumberMode.BOX,
    )


DAYNIGHT_NUMBERS = (
    _shift_level(
        "day_night_shift_level",
        lambda c: c.day_night_shift_level,
        lambda api, ch, v: api.set_configuration(ch, day_night_shift_level=round(v)),
    ),
    _shift_level(
        "night_day_shift_level",
        lambda c: c.night_day_shift_level,
        lambda api, ch, v: api.set_configuration(ch, night_day_shift_level=round(v)),
        needs_night_day_support=True,
    ),
    _dwell_time(
        "day_night_dwell_time",
        lambda c: c.day_night_dwell_time,
        lambda api, ch, v: api.set_configuration(ch, day_night_dwell_time=v),
    ),
    _dwell_time(
        "night_day_dwell_time",
        lambda c: c.night_day_dwell_time,
        lambda api, ch, v: api.set_configuration(ch, night_day_dwell_time=v),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CameraConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add isotherm and DayNight numbers, and per-area threshold and delay.

    Each comes when the camera first reports it, also after setup.
    """
    async_add_resource_entities(
        entry,
        async_add_entities,
        {
            "area": lambda runtime, area_id: [
                AreaThresholdNumber(runtime, AREA_THRESHOLD, area_id),
                AreaDelayNumber(runtime, AREA_DELAY, area_id),
            ],
            "isotherm": _isotherm_numbers,
            "daynight": _daynight_numbers,
        },
    )


def _isotherm_numbers(runtime: AxisThermometryRuntime, _: int) -> list[NumberEntity]:
    isotherm = runtime.configuration.data.isotherm
    return [
        IsothermNumber(runtime, description)
        for description in ISOTHERM_NUMBERS
        if description.level != "min" or (isotherm is not None and isotherm.minimum is not None)
    ]


def _daynight_numbers(runtime: AxisThermometryRuntime, channel: int) -> list[NumberEntity]:
    capabilities = runtime.configuration.data.daynight[channel].capabilities
    return [
        DayNightNumber(runtime, description, channel)
        for description in DAYNIGHT_NUMBERS
        if not description.needs_night_day_support or capabilities.night_day_shift_level_support
    ]


class IsothermNumber(ConfigEntity, NumberEntity):
    """An isotherm level; the range is the specification's for that level.

    Unavailable while the camera does not answer for its isotherm levels (000: they belong
    with isothermal palettes; a camera may refuse them under another palette).
    """

    entity_description: IsothermNumberEntityDescription
    # The ranges come from the limits.
    capabilities = (Capability.ISOTHERM, Capability.LIMITS)

    @property
    def available(self) -> bool:
        """While the levels and the limits their ranges come from are known."""
        config = self.config
        return super().available and config.isotherm is not None and config.capabilities is not None

    @property
    def native_unit_of_measurement(self) -> UnitOfTemperature:
        """Home Assistant's unit: converted here, so a level reads back as it was typed."""
        return self.user_temperature_unit

    def _range(self) -> tuple[int, int]:
        capabilities = self.config.capabilities
        if capabilities is None:
            return (-40, 350)  # 000's example limits, until the camera's can be read
        return isotherm_ranges(capabilities)[self.entity_description.level]

    @property
    def native_min_value(self) -> float:
        """E.g. low: minTemperature + 1."""
        return setting_degrees(self.hass, self.config, self._range()[0], delta=False)

    @property
    def native_max_value(self) -> float:
        """E.g. low: maxTemperature - 2."""
        return setting_degrees(self.hass, self.config, self._range()[1], delta=False)

    @property
    def native_value(self) -> float | None:
        """The level now in force."""
        isotherm = self.config.isotherm
        value = None if isotherm is None else self.entity_description.value_fn(isotherm)
        return None if value is None else self.shown_setting(self._key, value)

    @property
    def _key(self) -> str:
        return isotherm_key(self.entity_description.field)

    async def async_set_native_value(self, value: float) -> None:
        """Change this level, keeping the others; refused unless min < low < middle < high.

        The camera takes whole degrees of its own scale; a value converted from the display
        unit is rounded to one.
        """
        level: dict[str, Any] = {
            self.entity_description.field: self.camera_setting(self._key, value)
        }
        await self.async_write_setting(self.device.thermometry.set_isotherm_levels(**level))


class AreaThresholdNumber(AreaSettingEntity, NumberEntity):
    """An area's threshold: a temperature, or a change over the delay for rate rules.

    Shown in Home Assistant's unit: Home Assistant converts temperatures itself, and this
    converts differences (no offset), which it leaves in the camera's scale.
    """

    @property
    def _rate(self) -> bool:
        return self.area_config.detection_type.is_rate

    @property
    def device_class(self) -> NumberDeviceClass:
        """Temperature for above/below rules, temperature difference for increase/decrease."""
        return NumberDeviceClass.TEMPERATURE_DELTA if self._rate else NumberDeviceClass.TEMPERATURE

    @property
    def native_unit_of_measurement(self) -> UnitOfTemperature:
        """Home Assistant's unit: converted here, so a threshold reads back as it was typed."""
        return self.user_temperature_unit

    def _shown(self, value: float) -> float:
        return setting_degrees(self.hass, self.config, value, delta=self._rate)

    @property
    def native_min_value(self) -> float:
        """The lowest temperature the camera measures (1 for a rate)."""
        low, _ = _limits(self.config)
        return self._shown(1 if self._rate else low)

    @property
    def native_max_value(self) -> float:
        """The highest temperature the camera measures (its span for a rate)."""
        low, high = _limits(self.config)
        return self._shown(high - low if self._rate else high)

    @property
    def native_value(self) -> float:
        """The threshold in force."""
        threshold = self.area_config.threshold
        return self.shown_setting(threshold_key(self.resource), threshold, delta=self._rate)

    async def async_set_native_value(self, value: float) -> None:
        """Write the area with the new threshold (the camera takes whole degrees)."""
        key = threshold_key(self.resource)
        await self.async_update_area(threshold=self.camera_setting(key, value, delta=self._rate))


def _limits(config: ThermometryConfig) -> tuple[int, int]:
    """The camera's temperature range (000's example, -40..350, until it can be read)."""
    capabilities = config.capabilities
    if capabilities is None:
        return (-40, 350)
    return capabilities.min_temperature, capabilities.max_temperature


class AreaDelayNumber(AreaSettingEntity, NumberEntity):
    """How long an area's condition must hold before the alarm (0…maxDelayTime s)."""

    @property
    def native_max_value(self) -> float:
        """The camera's maximum delay (000's example, 300 s, until it can be read)."""
        capabilities = self.config.capabilities
        return 300 if capabilities is None else capabilities.max_delay

    @property
    def native_value(self) -> float:
        """The delay in force."""
        return self.area_config.delay

    async def async_set_native_value(self, value: float) -> None:
        """Write the area with the new delay."""
        await self.async_update_area(delay=round(finite(value)))


class DayNightNumber(ConfigEntity, NumberEntity):
    """A DayNight shift level or dwell time of one channel."""

    entity_description: DayNightNumberEntityDescription
    capabilities = (Capability.DAYNIGHT,)

    def __init__(
        self,
        runtime: AxisThermometryRuntime,
        description: DayNightNumberEntityDescription,
        channel: int,
    ) -> None:
        """Name the number after its channel."""
        serial = runtime.configuration.serial
        super().__init__(runtime, description, f"{serial}_daynight_{channel}_{description.key}")
        self.channel = channel
        self._attr_translation_key, self._attr_translation_placeholders = daynight_name(
            runtime.configuration.data, channel, description.translation_key
        )

    @property
    def _channel(self) -> DayNightChannel | None:
        return self.config.daynight.get(self.channel)

    @property
    def available(self) -> bool:
        """The night-to-day level is only settable while autotune is off."""
        channel = self._channel
        if not super().available or channel is None:
            return False
        if self.entity_description.needs_night_day_support:
            return not (channel.capabilities.autotune_support and channel.configuration.autotune)
        return True

    @property
    def native_value(self) -> float | None:
        """The value in force."""
        channel = self._channel
        return None if channel is None else self.entity_description.value_fn(channel.configuration)

    async def async_set_native_value(self, value: float) -> None:
        """Change this value of the channel."""
        await self.async_write_setting(
            self.entity_description.set_fn(self.device.daynight, self.channel, finite(value))
        )
