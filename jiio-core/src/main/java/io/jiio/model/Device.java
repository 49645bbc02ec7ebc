package io.jiio.model;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.spi.ContextBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One IIO device ({@code iio:device0}) or trigger ({@code trigger0}): its channels and its device,
 * buffer and debug attributes. Buffers are opened from here.
 */
public final class Device {
    private final String id;
    private final String name;
    private final String label;
    private final boolean trigger;
    private final boolean bufferCapable;
    private final List<Channel> channels;
    private final List<Attribute> attributes;
    private final List<Attribute> bufferAttributes;
    private final List<Attribute> debugAttributes;
    private Context context;
    private ContextBackend backend;

    /**
     * Makes a device; for backends, which pass it to a {@link Context} (until then it can open
     * nothing). Binds every channel and attribute to this device.
     *
     * @param id               {@code iio:deviceN} or {@code triggerN}
     * @param name             the driver's name, or {@code null}
     * @param label            the device's label (sysfs {@code label}), or {@code null}
     * @param trigger          whether this is a trigger
     * @param bufferCapable    whether it has a buffer to stream through
     * @param channels         its channels, in the order the model keeps (a mask's positions)
     * @param attributes       its device attributes
     * @param bufferAttributes its buffer attributes ({@code buffer/…})
     * @param debugAttributes  its debugfs attributes
     */
    public Device(String id, String name, String label, boolean trigger, boolean bufferCapable,
                  List<Channel> channels, List<Attribute> attributes,
                  List<Attribute> bufferAttributes, List<Attribute> debugAttributes) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = name;
        this.label = label;
        this.trigger = trigger;
        this.bufferCapable = bufferCapable;
        this.channels = List.copyOf(channels);
        this.attributes = List.copyOf(attributes);
        this.bufferAttributes = List.copyOf(bufferAttributes);
        this.debugAttributes = List.copyOf(debugAttributes);
        for (int i = 0; i < this.channels.size(); i++) {
            this.channels.get(i).bind(this, i);
        }
        for (Attribute a : this.attributes) {
            a.bind(this, null);
        }
        for (Attribute a : this.bufferAttributes) {
            a.bind(this, null);
        }
        for (Attribute a : this.debugAttributes) {
            a.bind(this, null);
        }
    }

    void bind(Context context, ContextBackend backend) {
        this.context = context;
        this.backend = backend;
    }

    /** {@return the id: {@code iio:device0} or {@code trigger0}} */
    public String id() {
        return id;
    }

    /** {@return the driver's name ({@code ad9361-phy}, {@code sim-adc}), or {@code null}} */
    public String name() {
        return name;
    }

    /** {@return the device's label (sysfs {@code label}, e.g. from the device tree), or {@code null}} */
    public String label() {
        return label;
    }

    /** {@return the name when there is one, else the id: what messages and tools show} */
    public String displayName() {
        return name != null ? name : id;
    }

    /** {@return whether this is a trigger ({@code triggerN}), which other devices may be set to} */
    public boolean isTrigger() {
        return trigger;
    }

    /** {@return whether the device has a buffer, i.e. at least one scan element and a data path} */
    public boolean isBufferCapable() {
        return bufferCapable;
    }

    /** {@return the context the device belongs to, or {@code null} before one is made of it} */
    public Context context() {
        return context;
    }

    /** {@return the channels, input and output; a channel's index here is its mask position} */
    public List<Channel> channels() {
        return channels;
    }

    /** {@return the device attributes} */
    public List<Attribute> attributes() {
        return attributes;
    }

    /** {@return the buffer attributes ({@code buffer/length}, {@code buffer/watermark} …)} */
    public List<Attribute> bufferAttributes() {
        return bufferAttributes;
    }

    /** {@return the debug attributes (debugfs, e.g. {@code direct_reg_access})} */
    public List<Attribute> debugAttributes() {
        return debugAttributes;
    }

    /**
     * The attributes of one kind.
     *
     * @param kind which list; CHANNEL gathers every channel's attributes
     * @return the attributes
     */
    public List<Attribute> attributes(AttributeKind kind) {
        return switch (kind) {
            case DEVICE -> attributes;
            case BUFFER -> bufferAttributes;
            case DEBUG -> debugAttributes;
            case CHANNEL -> {
                List<Attribute> all = new ArrayList<>();
                for (Channel c : channels) {
                    all.addAll(c.attributes());
                }
                yield all;
            }
        };
    }

    /**
     * The channel with this id (or, failing that, this extended name). An id shared by an input
     * and an output channel ({@code voltage0} on a transceiver) resolves to the input one; use
     * {@link #channel(String, Direction)} to choose.
     *
     * @param idOrName e.g. {@code voltage0}
     * @return the channel, or empty
     */
    public Optional<Channel> channel(String idOrName) {
        Optional<Channel> in = channel(idOrName, Direction.INPUT);
        return in.isPresent() ? in : channel(idOrName, Direction.OUTPUT);
    }

    /**
     * The channel of this direction with this id (or, failing that, this extended name).
     *
     * @param idOrName  e.g. {@code voltage0}
     * @param direction input or output
     * @return the channel, or empty
     */
    public Optional<Channel> channel(String idOrName, Direction direction) {
        for (Channel c : channels) {
            if (c.direction() == direction && c.id().equals(idOrName)) {
                return Optional.of(c);
            }
        }
        for (Channel c : channels) {
            if (c.direction() == direction && idOrName.equals(c.name())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * The channel, as {@link #channel(String)}.
     *
     * @param idOrName e.g. {@code voltage0}
     * @return the channel
     * @throws IioException ENOENT listing the device's channels when there is none
     */
    public Channel requireChannel(String idOrName) {
        return channel(idOrName).orElseThrow(() -> new IioException(Errno.ENOENT,
                "device " + displayName() + " has no channel '" + idOrName + "' (channels: "
                        + channelIds() + ")"));
    }

    /**
     * A device, buffer or debug attribute by name.
     *
     * @param kind     DEVICE, BUFFER or DEBUG
     * @param attrName e.g. {@code sampling_frequency}
     * @return the attribute, or empty
     * @throws IioException EINVAL for CHANNEL: look those up on the channel
     */
    public Optional<Attribute> attribute(AttributeKind kind, String attrName) {
        if (kind == AttributeKind.CHANNEL) {
            throw new IioException(Errno.EINVAL, "channel attributes are looked up on their channel");
        }
        for (Attribute a : attributes(kind)) {
            if (a.name().equals(attrName)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * The attribute, as {@link #attribute(AttributeKind, String)}.
     *
     * @param kind     DEVICE, BUFFER or DEBUG
     * @param attrName e.g. {@code sampling_frequency}
     * @return the attribute
     * @throws IioException ENOENT naming the device, the kind and the attribute when there is none
     */
    public Attribute requireAttribute(AttributeKind kind, String attrName) {
        return attribute(kind, attrName).orElseThrow(() -> new IioException(Errno.ENOENT,
                "device " + displayName() + " has no " + kind.name().toLowerCase(java.util.Locale.ROOT)
                        + " attribute '" + attrName + "'"));
    }

    /** {@return an empty mask sized for this device's channels} */
    public ChannelMask newMask() {
        return new ChannelMask(channels.size());
    }

    /**
     * A mask with the named channels enabled.
     *
     * @param channelIds ids (or extended names) of scan elements; none means every scan element
     * @return the mask, which the caller may change further
     * @throws IioException ENOENT for a channel that is not there, EINVAL for one that is not a
     *                      scan element
     */
    public ChannelMask mask(String... channelIds) {
        ChannelMask mask = newMask();
        if (channelIds.length == 0) {
            for (Channel c : channels) {
                if (c.isScanElement()) {
                    mask.enable(c);
                }
            }
            return mask;
        }
        for (String cid : channelIds) {
            Channel c = requireChannel(cid);
            if (!c.isScanElement()) {
                throw new IioException(Errno.EINVAL, "channel " + c.describe()
                        + " is not a scan element and cannot be streamed");
            }
            mask.enable(c);
        }
        return mask;
    }

    /**
     * Opens buffer 0 with default queue limits ({@link QueueConfig#defaults()}).
     *
     * @param mask the channels to stream
     * @return the queue, disabled and empty; the caller closes it
     * @throws IioException as {@link #openBuffer(int, ChannelMask, QueueConfig)}
     */
    public BlockQueue openBuffer(ChannelMask mask) {
        return openBuffer(0, mask, QueueConfig.defaults());
    }

    /**
     * Opens buffer {@code index} with the channels of {@code mask} enabled. The queue comes back
     * disabled and empty: allocate blocks, enqueue them, then enable it.
     *
     * @param index  the buffer's index (most devices have only buffer 0)
     * @param mask   the channels to stream, sized for this device; at least one
     * @param config the queue's limits, data path and wait strategy
     * @return the queue; the caller closes it (closing the context closes it too)
     * @throws IioException ENODEV for a device without a buffer or context, EINVAL for an empty or
     *                      ill-sized mask, EBUSY when the buffer is open already
     */
    public BlockQueue openBuffer(int index, ChannelMask mask, QueueConfig config) {
        if (!bufferCapable) {
            throw new IioException(Errno.ENODEV, "device " + displayName() + " has no buffer");
        }
        if (mask.channelCount() != channels.size()) {
            throw new IioException(Errno.EINVAL, "mask for " + mask.channelCount()
                    + " channels used on device " + displayName() + " which has " + channels.size());
        }
        if (mask.isEmpty()) {
            throw new IioException(Errno.EINVAL, "device " + displayName() + ": no channel enabled");
        }
        return backend().openBuffer(this, index, mask, config);
    }

    /** {@return the current trigger, if one is set} */
    public Optional<Device> trigger() {
        return Optional.ofNullable(backend().trigger(this));
    }

    /**
     * Sets the trigger, or clears it with {@code null}.
     *
     * @param trigger a trigger device of the same context, or {@code null}
     * @throws IioException EINVAL when {@code trigger} is not a trigger
     */
    public void setTrigger(Device trigger) {
        if (trigger != null && !trigger.isTrigger()) {
            throw new IioException(Errno.EINVAL, "device " + trigger.displayName() + " is not a trigger");
        }
        backend().setTrigger(this, trigger);
    }

    private ContextBackend backend() {
        if (backend == null) {
            throw new IioException(Errno.ENODEV, "device " + displayName() + " belongs to no open context");
        }
        return backend;
    }

    private String channelIds() {
        StringBuilder b = new StringBuilder();
        for (Channel c : channels) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(c.id());
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return id + (name != null ? " (" + name + ")" : "");
    }
}
