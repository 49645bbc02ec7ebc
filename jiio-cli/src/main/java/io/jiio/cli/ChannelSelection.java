package io.jiio.cli;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Channel;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import java.util.List;
import java.util.Optional;

/**
 * Turns channel names from the command line into channels. Unlike {@link Device#channel(String)},
 * which settles a name shared by an input and an output channel in favour of the input, the tools
 * know the direction they need ({@code read}: input, {@code write}: output) or ask the user to say
 * ({@code attr -i/-o}), so a wrong guess never reaches a device.
 */
final class ChannelSelection {
    private ChannelSelection() {
    }

    /**
     * The channel {@code idOrName} of {@code device}: of that direction, or when {@code direction}
     * is {@code null} the only channel so called.
     *
     * @throws IioException ENOENT (the engine's message, listing the channels) when there is none,
     *                      EINVAL when it exists only in the other direction or, with no direction
     *                      given, in both
     */
    static Channel find(Device device, String idOrName, Direction direction) {
        Optional<Channel> in = device.channel(idOrName, Direction.INPUT);
        Optional<Channel> out = device.channel(idOrName, Direction.OUTPUT);
        if (in.isEmpty() && out.isEmpty()) {
            return device.requireChannel(idOrName);
        }
        if (direction == null) {
            if (in.isPresent() && out.isPresent()) {
                throw new IioException(Errno.EINVAL, "device " + device.displayName()
                        + " has an input and an output channel '" + idOrName + "': choose one with -i or -o");
            }
            return in.orElseGet(out::orElseThrow);
        }
        Optional<Channel> wanted = direction == Direction.INPUT ? in : out;
        return wanted.orElseThrow(() -> new IioException(Errno.EINVAL, "device " + device.displayName()
                + " has no " + direction.xmlName() + " channel '" + idOrName + "' (it is an "
                + other(direction).xmlName() + " channel)"));
    }

    /**
     * The mask of the named scan elements of one direction; no names means every scan element of
     * that direction.
     */
    static ChannelMask mask(Device device, Direction direction, List<String> idsOrNames) {
        ChannelMask mask = device.newMask();
        if (idsOrNames.isEmpty()) {
            for (Channel c : device.channels()) {
                if (c.direction() == direction && c.isScanElement()) {
                    mask.enable(c);
                }
            }
            if (mask.isEmpty()) {
                throw new IioException(Errno.EINVAL, "device " + device.displayName() + " has no "
                        + direction.xmlName() + " channels to stream");
            }
            return mask;
        }
        for (String id : idsOrNames) {
            Channel c = find(device, id, direction);
            if (mask.isEnabled(c)) {
                throw new IioException(Errno.EINVAL, "channel " + c.describe() + " is named twice ('" + id
                        + "'): a scan holds each channel once");
            }
            if (!c.isScanElement()) {
                throw new IioException(Errno.EINVAL, "channel " + c.describe()
                        + " is not a scan element and cannot be streamed");
            }
            mask.enable(c);
        }
        return mask;
    }

    private static Direction other(Direction d) {
        return d == Direction.INPUT ? Direction.OUTPUT : Direction.INPUT;
    }
}
