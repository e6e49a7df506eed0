"""One poll's reads of a camera, concurrently, before they become :class:`~..models.Readings`."""

import asyncio
from collections.abc import Callable, Collection, Coroutine
from typing import Any

from ..capability import Attempts, Capability
from ..models import InputStates, Resource, ThermometryConfig
from ..vapix import AreaStatus, AxisDevice, GroupStatus, Items, SpotTemperature


class Status:
    """What one poll read, before it becomes :class:`Readings`."""

    def __init__(  # noqa: D107
        self,
        areas: Items[AreaStatus],
        groups: Items[GroupStatus],
        spots: dict[int, SpotTemperature],
        position: Any,
        outputs: dict[int, bool],
    ) -> None:
        self.areas = {status.id: status for status in areas}
        self.groups = {status.id: status for status in groups}
        self.unreadable: frozenset[Resource] = frozenset(
            [("area", i) for i in areas.unreadable] + [("group", i) for i in groups.unreadable]
        )
        self.spots = spots
        self.position = position
        self.outputs = outputs

    def unlisted(self, config: ThermometryConfig) -> frozenset[Resource]:
        """Areas and groups the status names that ``config`` does not list."""
        return frozenset(
            [("area", i) for i in self.areas.keys() - config.areas.keys()]
            + [("group", i) for i in self.groups.keys() - config.groups.keys()]
        )


async def read_status(
    device: AxisDevice,
    config: ThermometryConfig,
    attempts: Attempts,
    *,
    polled: Callable[[Capability], bool],
    inputs: InputStates,
    streamed_outputs: Collection[int],
    identity: Callable[[], Coroutine[Any, Any, None]] | None,
) -> Status:
    """One poll's reads, concurrently: a cycle lasts as long as its slowest call.

    ``polled`` says whether a capability is read this poll (it may be suspended after
    failures); the inputs are read while no stream carries them, the relay outputs but those
    in ``streamed_outputs`` (the event stream reports them). ``identity`` (a check of who
    answers) runs beside the readings, which are dropped (the poll fails) when another camera
    answers.
    """
    api = device.thermometry
    run = attempts.run

    async def spots() -> dict[int, SpotTemperature]:
        sources = config.spot_sources
        if len(sources) == 1:  # the usual camera: no task of its own
            return {sources[0]: await api.get_spot_temperature(image_source=sources[0])}
        readings = await asyncio.gather(
            *(api.get_spot_temperature(image_source=s) for s in sources)
        )
        return dict(zip(sources, readings, strict=True))

    io = device.io
    polled_inputs = [port.number for port in config.inputs] if inputs.polling else []
    outputs = [port.number for port in config.outputs if port.number not in streamed_outputs]
    read_inputs = bool(polled_inputs) and polled(Capability.INPUTS)
    read_outputs = bool(outputs) and polled(Capability.OUTPUTS)
    if io.management:  # one getPorts answers for inputs and outputs alike
        read_inputs = read_outputs = bool(polled_inputs or outputs) and polled(Capability.OUTPUTS)

    async def port_states() -> tuple[dict[int, bool] | None, dict[int, bool] | None]:
        """Inputs' and outputs' states; None for what could not (or need not) be read."""
        if io.management:
            return await run(
                Capability.OUTPUTS,
                lambda: io.states(polled_inputs, outputs),
                (None, None),
                also=(Capability.INPUTS,) if polled_inputs else (),
            )
        return await asyncio.gather(
            run(Capability.INPUTS, lambda: io.check_inputs(polled_inputs), None)
            if read_inputs
            else _value(None),
            run(Capability.OUTPUTS, lambda: io.check_outputs(outputs), None)
            if read_outputs
            else _value(None),
        )

    # Tasks only for what is read this poll: the rest keeps its empty answer.
    async with asyncio.TaskGroup() as group:
        if identity is not None:
            group.create_task(identity())
        areas = group.create_task(api.get_area_status())
        groups = (
            group.create_task(run(Capability.GROUPS, api.get_group_status, Items[GroupStatus](())))
            if config.groups and polled(Capability.GROUPS)
            else None
        )
        readings = (
            group.create_task(run(Capability.SPOT_METER, spots, {}))
            if config.spot_sources and polled(Capability.SPOT_METER)
            else None
        )
        position = (
            group.create_task(run(Capability.PTZ, device.ptz.position, None))
            if config.presets and polled(Capability.PTZ)
            else None
        )
        ports = group.create_task(port_states()) if read_inputs or read_outputs else None
    input_states, output_states = (None, None) if ports is None else ports.result()
    if polled_inputs:
        inputs.polled(input_states)
    return Status(
        areas.result(),
        groups.result() if groups is not None else Items[GroupStatus](()),
        readings.result() if readings is not None else {},
        position.result() if position is not None else None,
        output_states or {},
    )


async def _value[T](value: T) -> T:
    return value
