package io.jiio.sim;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.Context;
import io.jiio.model.Device;

/**
 * The settings part of a {@code sim:} URI: comma-separated {@code DEVICE.ATTR=VALUE} or
 * {@code DEVICE.CHANNEL.ATTR=VALUE} items, applied in order through the ordinary attribute API
 * (so a bad value fails exactly as a later write would). A one-shot command has no other moment
 * to configure the simulator.
 */
final class SimUri {
    private SimUri() {
    }

    static void apply(String uri, Context context) {
        if (!uri.regionMatches(true, 0, "sim:", 0, 4)) {
            throw new IioException(Errno.EINVAL, "'" + uri + "' is not a sim: URI");
        }
        String settings = uri.substring(4).trim();
        if (settings.isEmpty()) {
            return;
        }
        for (String item : settings.split(",", -1)) {
            applyItem(uri, item.trim(), context);
        }
    }

    private static void applyItem(String uri, String item, Context context) {
        int eq = item.indexOf('=');
        if (item.isEmpty() || eq <= 0) {
            throw bad(uri, item, "expected DEVICE.ATTR=VALUE or DEVICE.CHANNEL.ATTR=VALUE");
        }
        String[] path = item.substring(0, eq).split("\\.", -1);
        String value = item.substring(eq + 1);
        if (path.length < 2 || path.length > 3) {
            throw bad(uri, item, "expected DEVICE.ATTR=VALUE or DEVICE.CHANNEL.ATTR=VALUE");
        }
        Device device = context.device(path[0]).orElseThrow(() -> bad(uri, item, "no device '" + path[0] + "'"));
        try {
            if (path.length == 2) {
                device.requireAttribute(AttributeKind.DEVICE, path[1]).write(value);
            } else {
                Channel channel = device.requireChannel(path[1]);
                channel.requireAttribute(path[2]).write(value);
            }
        } catch (IioException e) {
            throw new IioException(e.errno(), "sim: URI setting '" + item + "': " + e.reason(), e);
        }
    }

    private static IioException bad(String uri, String item, String reason) {
        return new IioException(Errno.EINVAL, "sim: URI '" + uri + "': setting '" + item + "': " + reason);
    }
}
