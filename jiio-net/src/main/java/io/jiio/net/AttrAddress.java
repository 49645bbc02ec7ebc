package io.jiio.net;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import java.util.List;

/**
 * Which attribute (or which attribute list, for the all-attributes form) a READ or WRITE names:
 * {@code <dev> [DEBUG | BUFFER | INPUT <chn> | OUTPUT <chn>] [<attr>]}.
 *
 * @param kind    device, buffer, debug or channel attributes
 * @param channel the channel words for CHANNEL ({@code null} otherwise)
 * @param output  for CHANNEL: OUTPUT rather than INPUT
 * @param attr    the attribute name, or {@code null} for all of that kind
 */
record AttrAddress(String device, AttributeKind kind, String channel, boolean output, String attr) {

    /**
     * Reads the address from {@code words} (the request arguments, minus WRITE's trailing length).
     *
     * @return the address, or {@code null} when the words do not form one
     */
    static AttrAddress parse(List<String> words) {
        if (words.isEmpty() || words.size() > 4) {
            return null;
        }
        String dev = words.getFirst();
        if (words.size() == 1) {
            return new AttrAddress(dev, AttributeKind.DEVICE, null, false, null);
        }
        String second = words.get(1);
        boolean in = Request.isKeyword(second, "INPUT");
        boolean out = Request.isKeyword(second, "OUTPUT");
        if (in || out) {
            if (words.size() < 3) {
                return null;
            }
            return new AttrAddress(dev, AttributeKind.CHANNEL, words.get(2), out, words.size() == 4 ? words.get(3) : null);
        }
        if (words.size() > 3) {
            return null;
        }
        AttributeKind kind = Request.isKeyword(second, "DEBUG") ? AttributeKind.DEBUG
                : Request.isKeyword(second, "BUFFER") ? AttributeKind.BUFFER : null;
        if (kind != null) {
            return new AttrAddress(dev, kind, null, false, words.size() == 3 ? words.get(2) : null);
        }
        if (words.size() == 3) {
            return null;
        }
        return new AttrAddress(dev, AttributeKind.DEVICE, null, false, second);
    }

    /** The attributes this address covers, in list order (one for a named attribute). */
    List<Attribute> resolve(Device d) {
        List<Attribute> all = switch (kind) {
            case DEVICE -> d.attributes();
            case BUFFER -> d.bufferAttributes();
            case DEBUG -> d.debugAttributes();
            case CHANNEL -> channel(d).attributes();
        };
        if (attr == null) {
            return all;
        }
        for (Attribute a : all) {
            if (a.name().equals(attr)) {
                return List.of(a);
            }
        }
        throw new IioException(Errno.ENOENT, d.displayName() + ": no " + kind.name().toLowerCase(java.util.Locale.ROOT)
                + " attribute '" + attr + "'");
    }

    private Channel channel(Device d) {
        Direction dir = output ? Direction.OUTPUT : Direction.INPUT;
        return d.channel(channel, dir).orElseThrow(() -> new IioException(Errno.ENOENT,
                d.displayName() + ": no " + dir.xmlName() + " channel '" + channel + "'"));
    }
}
