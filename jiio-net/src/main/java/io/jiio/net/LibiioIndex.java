package io.jiio.net;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.Device;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * How libiio 1.x numbers a context, which its binary protocol addresses by number: whatever order
 * the XML (or sysfs) gave, libiio sorts
 * <ul>
 * <li>devices by id, byte-wise ({@code strcmp}: {@code iio:device10} before {@code iio:device2});</li>
 * <li>every attribute list (a device's, its debug and buffer attributes, each channel's) by name,
 *     byte-wise, and an attribute's number is its place in that list;</li>
 * <li>channels by scan index (ties by shift), the channels without one after them in the order
 *     they came; a channel's number is its place, and bit n of a buffer mask is channel n.</li>
 * </ul>
 * jiio's model keeps the order it found; this class maps between the two, once per context, for
 * the server (requests from libiio 1.x clients) and the client (requests to libiio 1.x's iiod) alike.
 */
public final class LibiioIndex {
    private static final Comparator<String> STRCMP = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final List<Device> devices;
    private final Map<Device, PerDevice> perDevice = new IdentityHashMap<>();

    private record PerDevice(List<Channel> channels, int[] toModel, int[] toLibiio, List<Attribute> attrs,
                             List<Attribute> debug, List<Attribute> buffer, Map<Channel, List<Attribute>> channelAttrs) {
    }

    private LibiioIndex(List<Device> model) {
        List<Device> sorted = new ArrayList<>(model);
        sorted.sort(Comparator.comparing(Device::id, STRCMP));
        this.devices = List.copyOf(sorted);
        for (Device d : model) {
            List<Channel> chans = new ArrayList<>(d.channels());
            chans.sort(LibiioIndex::compareChannels);
            int[] toModel = new int[chans.size()];
            int[] toLibiio = new int[chans.size()];
            for (int n = 0; n < chans.size(); n++) {
                int p = d.channels().indexOf(chans.get(n));
                toModel[n] = p;
                toLibiio[p] = n;
            }
            Map<Channel, List<Attribute>> ca = new IdentityHashMap<>();
            for (Channel c : d.channels()) {
                ca.put(c, byName(c.attributes()));
            }
            perDevice.put(d, new PerDevice(List.copyOf(chans), toModel, toLibiio, byName(d.attributes()),
                    byName(d.debugAttributes()), byName(d.bufferAttributes()), ca));
        }
    }

    /** The numbering of a context whose devices are {@code devices}. */
    public static LibiioIndex of(List<Device> devices) {
        return new LibiioIndex(devices);
    }

    private static List<Attribute> byName(List<Attribute> list) {
        List<Attribute> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparing(Attribute::name, STRCMP));
        return List.copyOf(sorted);
    }

    /** Stable: channels without a scan index keep the order they came in. */
    private static int compareChannels(Channel a, Channel b) {
        boolean sa = a.isScanElement();
        boolean sb = b.isScanElement();
        if (sa != sb) {
            return sa ? -1 : 1;
        }
        if (!sa) {
            return 0;
        }
        int c = Integer.compare(a.scanIndex(), b.scanIndex());
        return c != 0 ? c : Integer.compare(a.format().shift(), b.format().shift());
    }

    public List<Device> devices() {
        return devices;
    }

    /** A device's number; ENODEV when it is not one of this context's. */
    public int number(Device d) {
        int i = devices.indexOf(d);
        if (i < 0) {
            throw new IioException(Errno.ENODEV, d.displayName() + " is not a device of this context");
        }
        return i;
    }

    /** Device number {@code n}; ENODEV when there is none. */
    public Device device(int n) {
        if (n < 0 || n >= devices.size()) {
            throw new IioException(Errno.ENODEV, "no device " + n + " (the context has " + devices.size() + ")");
        }
        return devices.get(n);
    }

    /** A device's channels in libiio's order. */
    public List<Channel> channels(Device d) {
        return of(d).channels();
    }

    /** The model's position (as in {@link Device#channels()} and channel masks) of libiio's channel {@code n}. */
    public int modelPosition(Device d, int n) {
        return of(d).toModel()[n];
    }

    /** libiio's number of the channel at model position {@code p}. */
    public int libiioNumber(Device d, int p) {
        return of(d).toLibiio()[p];
    }

    /** One of a device's attribute lists (not CHANNEL) in libiio's order. */
    public List<Attribute> attributes(Device d, AttributeKind kind) {
        PerDevice p = of(d);
        return switch (kind) {
            case DEVICE -> p.attrs();
            case DEBUG -> p.debug();
            case BUFFER -> p.buffer();
            case CHANNEL -> throw new IllegalArgumentException("channel attributes belong to a channel");
        };
    }

    /** A channel's attributes in libiio's order. */
    public List<Attribute> attributes(Channel c) {
        return of(c.device()).channelAttrs().get(c);
    }

    /** An attribute's number in its list. */
    public int number(Attribute a) {
        List<Attribute> list = a.kind() == AttributeKind.CHANNEL ? attributes(a.channel())
                : attributes(a.device(), a.kind());
        return list.indexOf(a);
    }

    private PerDevice of(Device d) {
        PerDevice p = perDevice.get(d);
        if (p == null) {
            throw new IioException(Errno.ENODEV, d.displayName() + " is not a device of this context");
        }
        return p;
    }
}
