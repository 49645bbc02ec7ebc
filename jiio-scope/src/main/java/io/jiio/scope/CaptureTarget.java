package io.jiio.scope;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Channel;
import io.jiio.model.ChannelMask;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import java.util.ArrayList;
import java.util.List;

/**
 * What the scope captures: one input device and some of its input channels.
 *
 * <p>Why a class of its own: the choice is made in three places (the command line, the page's
 * device picker, and the default when nothing is named) and must refuse the same way in all
 * three — a device with no input channels is not an error that stops the scope (the page still
 * shows the context and lets another device be picked) but a {@link #problem} said on the page and
 * on the terminal. A name that matches nothing is an error ({@link IioException}), as everywhere
 * in jiio.
 *
 * @param device   the device, or {@code null} when there is nothing to capture
 * @param channels the channels captured, in scan order (empty with a problem)
 * @param problem  why nothing is captured, or {@code null}
 */
record CaptureTarget(Device device, List<Channel> channels, String problem) {

    /**
     * The target for a device (id, name or label; {@code null}: the first device that has input
     * channels) and channels (ids or names; empty: all its input channels but the timestamp).
     *
     * @throws IioException ENODEV for an unknown device, ENOENT for an unknown channel, EINVAL for
     *                      a channel that is not an input scan element
     */
    static CaptureTarget choose(Context ctx, String device, List<String> channels) {
        if (device == null || device.isBlank()) {
            for (Device d : ctx.devices()) {
                if (!inputs(d).isEmpty()) {
                    return choose(d, channels);
                }
            }
            return new CaptureTarget(null, List.of(), "no device of this context has input channels: "
                    + "nothing to capture (" + describeDevices(ctx) + ")");
        }
        Device d = ctx.device(device).orElseThrow(() -> new IioException(Errno.ENODEV,
                "no device '" + device + "' in this context (" + describeDevices(ctx) + ")"));
        return choose(d, channels);
    }

    private static CaptureTarget choose(Device d, List<String> names) {
        List<Channel> inputs = inputs(d);
        if (inputs.isEmpty()) {
            String why = !d.isBufferCapable() ? "it has no buffer"
                    : d.channels().stream().anyMatch(Channel::isOutput) ? "its channels are outputs"
                    : "it has no scan elements";
            return new CaptureTarget(null, List.of(), d.displayName() + " has no input channels (" + why
                    + "): nothing to capture; " + describeDevices(d.context()));
        }
        if (names == null || names.isEmpty()) {
            List<Channel> plotted = inputs.stream().filter(c -> !isTimestamp(c)).toList();
            return new CaptureTarget(d, plotted.isEmpty() ? inputs : plotted, null);
        }
        List<Channel> chosen = new ArrayList<>();
        for (String n : names) {
            Channel c = d.channel(n, Direction.INPUT).or(() -> d.channel(n)).orElseThrow(() -> new IioException(
                    Errno.ENOENT, d.displayName() + " has no channel '" + n + "' (input channels: "
                    + String.join(", ", inputs.stream().map(Channel::id).toList()) + ")"));
            if (!inputs.contains(c)) {
                throw new IioException(Errno.EINVAL, d.displayName() + "/" + c.id()
                        + " is not an input scan element: it cannot be captured");
            }
            if (!chosen.contains(c)) {
                chosen.add(c);
            }
        }
        chosen.sort((a, b) -> Integer.compare(a.scanIndex(), b.scanIndex()));
        return new CaptureTarget(d, List.copyOf(chosen), null);
    }

    /** A device's channels that can be captured: input scan elements of a buffer-capable device. */
    static List<Channel> inputs(Device d) {
        if (!d.isBufferCapable() || d.isTrigger()) {
            return List.of();
        }
        return d.channels().stream().filter(c -> !c.isOutput() && c.isScanElement()).toList();
    }

    static boolean isTimestamp(Channel c) {
        return c.id().startsWith("timestamp");
    }

    private static String describeDevices(Context ctx) {
        List<String> names = ctx.devices().stream().filter(d -> !inputs(d).isEmpty()).map(Device::displayName).toList();
        return names.isEmpty() ? "it has no device with input channels"
                : "devices with input channels: " + String.join(", ", names);
    }

    boolean capturable() {
        return device != null;
    }

    ChannelMask mask() {
        ChannelMask m = device.newMask();
        channels.forEach(m::enable);
        return m;
    }
}
