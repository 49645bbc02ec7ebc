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

    /**
     * The numbering of a context, computed once: build it when the context is opened and keep it.
     *
     * @param devices the context's devices, in the model's order
     * @return the numbering; immutable, so safe to share between threads
     */
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

    /** {@return the devices in libiio's order: a device's number is its index here} */
    public List<Device> devices() {
        return devices;
    }

    /**
     * A device's number.
     *
     * @param d a device of this context
     * @return its number, the {@code dev} of binary requests
     * @throws IioException ENODEV when it is not one of this context's
     */
    public int number(Device d) {
        int i = devices.indexOf(d);
        if (i < 0) {
            throw new IioException(Errno.ENODEV, d.displayName() + " is not a device of this context");
        }
        return i;
    }

    /**
     * Device number {@code n}.
     *
     * @param n a device number, as a request carries it
     * @return the device
     * @throws IioException ENODEV when there is none
     */
    public Device device(int n) {
        if (n < 0 || n >= devices.size()) {
            throw new IioException(Errno.ENODEV, "no device " + n + " (the context has " + devices.size() + ")");
        }
        return devices.get(n);
    }

    /**
     * A device's channels in libiio's order: channel {@code n} of a request, bit {@code n} of a mask.
     *
     * @param d a device of this context
     * @return its channels, sorted as libiio sorts them
     */
    public List<Channel> channels(Device d) {
        return of(d).channels();
    }

    /**
     * Where libiio's channel {@code n} sits in jiio's model.
     *
     * @param d a device of this context
     * @param n libiio's channel number
     * @return the model's position (as in {@link Device#channels()} and channel masks)
     */
    public int modelPosition(Device d, int n) {
        return of(d).toModel()[n];
    }

    /**
     * libiio's number of a channel of the model.
     *
     * @param d a device of this context
     * @param p the channel's position in {@link Device#channels()}
     * @return libiio's number of it
     */
    public int libiioNumber(Device d, int p) {
        return of(d).toLibiio()[p];
    }

    /**
     * One of a device's attribute lists in libiio's order: an attribute's number is its index here.
     *
     * @param d    a device of this context
     * @param kind DEVICE, DEBUG or BUFFER
     * @return the list, sorted by name as {@code strcmp} sorts
     * @throws IllegalArgumentException for CHANNEL: see {@link #attributes(Channel)}
     */
    public List<Attribute> attributes(Device d, AttributeKind kind) {
        PerDevice p = of(d);
        return switch (kind) {
            case DEVICE -> p.attrs();
            case DEBUG -> p.debug();
            case BUFFER -> p.buffer();
            case CHANNEL -> throw new IllegalArgumentException("channel attributes belong to a channel");
        };
    }

    /**
     * A channel's attributes in libiio's order.
     *
     * @param c a channel of this context
     * @return its attributes, sorted by name as {@code strcmp} sorts
     */
    public List<Attribute> attributes(Channel c) {
        return of(c.device()).channelAttrs().get(c);
    }

    /**
     * An attribute's number in its list.
     *
     * @param a an attribute of this context
     * @return its index in the list it belongs to, -1 when it is not in it
     */
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
