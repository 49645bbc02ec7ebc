package io.jiio.cli;

import io.jiio.model.ChannelMask;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import java.util.List;
import picocli.CommandLine.Parameters;

/**
 * The {@code DEVICE [CHANNEL...]} operands that {@code read} and {@code write} share, and their
 * resolution into a device and a channel mask of the direction the command streams.
 */
final class StreamTarget {
    @Parameters(index = "0", paramLabel = "DEVICE", description = "Device id, name or label.")
    private String deviceName;

    @Parameters(index = "1..*", paramLabel = "CHANNEL",
            description = "Channels to stream (default: every scan element of the command's direction).")
    private List<String> channels = List.of();

    Device device(Context ctx) {
        return ctx.requireDevice(deviceName);
    }

    ChannelMask mask(Device device, Direction direction) {
        return ChannelSelection.mask(device, direction, channels);
    }
}
