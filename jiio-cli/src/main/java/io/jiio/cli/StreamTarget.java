package io.jiio.cli;

import io.jiio.Errno;
import io.jiio.IioException;
import picocli.CommandLine.Option;

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

    @Option(names = {"-t", "--trigger"}, paramLabel = "TRIGGER",
            description = "Set the device's trigger (id or name, as iio_readdev -t) before streaming; a triggered "
                    + "device captures only with one.")
    private String trigger;

    /** The device, with its trigger set first when {@code -t} asked for one. */
    Device device(Context ctx) {
        Device d = ctx.requireDevice(deviceName);
        if (trigger != null) {
            Device t = ctx.device(trigger).filter(Device::isTrigger).orElseThrow(() -> new IioException(Errno.ENODEV,
                    "-t " + trigger + ": no such trigger; this context has: " + ctx.devices().stream()
                            .filter(Device::isTrigger).map(x -> x.displayName() + " (" + x.id() + ")")
                            .reduce((a, b) -> a + ", " + b).orElse("none")));
            d.setTrigger(t);
        }
        return d;
    }

    ChannelMask mask(Device device, Direction direction) {
        return ChannelSelection.mask(device, direction, channels);
    }
}
