package io.jiio.scope;

import com.fasterxml.jackson.databind.JsonNode;
import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.util.Locale;

/**
 * Which attribute a page means: device id, channel position in the device (-1: none), kind and
 * name — what {@link ContextTree} put next to each value.
 *
 * <p>Why the channel's position and not its id: an id may name both an input and an output
 * channel ({@code voltage0} of a transceiver); the position is unique.
 */
record AttributeAddress(String device, int channel, AttributeKind kind, String name) {

    /** The address in a page's request. */
    static AttributeAddress parse(JsonNode m) {
        String kind = m.path("kind").asText("");
        AttributeKind k;
        try {
            k = AttributeKind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IioException(Errno.EINVAL, "attribute kind '" + kind + "' is not one of device, channel, buffer, debug");
        }
        return new AttributeAddress(m.path("device").asText(""), m.path("channel").asInt(-1), k, m.path("name").asText(""));
    }

    /** The attribute, or an error naming what did not match. */
    Attribute resolve(Context ctx) {
        Device d = ctx.device(device).orElseThrow(() -> new IioException(Errno.ENODEV, "no device '" + device + "'"));
        if (kind == AttributeKind.CHANNEL) {
            if (channel < 0 || channel >= d.channels().size()) {
                throw new IioException(Errno.ENOENT, d.displayName() + " has no channel at position " + channel);
            }
            Channel c = d.channels().get(channel);
            return c.requireAttribute(name);
        }
        return d.requireAttribute(kind, name);
    }
}
