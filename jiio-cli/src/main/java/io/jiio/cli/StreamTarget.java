package io.jiio.cli;

import io.jiio.Errno;
import io.jiio.IioException;

import io.jiio.model.ChannelMask;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import java.util.List;

/**
 * The {@code DEVICE [CHANNEL...]} operands that {@code read} and {@code write} share, and their
 * resolution into a device and a channel mask of the direction the command streams.
 */
final class StreamTarget {
    static final Opt<String> TRIGGER = Opt.value("-t, --trigger", "TRIGGER", Opt.TEXT, null,
            "Set the device's trigger (id or name, as iio_readdev -t) before streaming; a triggered "
                    + "device captures only with one.");

    static final Operand DEVICE = Operand.one("DEVICE", "Device id, name or label.");

    static final Operand CHANNELS = Operand.any("CHANNEL",
            "Channels to stream (default: every scan element of the command's direction).");

    private final String deviceName;
    private final List<String> channels;
    private final String trigger;

    /** The operands and {@code -t} of a command that declared {@link #DEVICE}, {@link #CHANNELS} and {@link #TRIGGER}. */
    StreamTarget(Args args) {
        this.deviceName = args.operand(0);
        this.channels = args.operandsFrom(1);
        this.trigger = args.get(TRIGGER);
    }

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
