package io.jiio.sim;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.ChannelMask;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.spi.ContextBackend;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sim:} context: {@code sim-adc} (iio:device0), {@code sim-dac} (iio:device1) and
 * {@code sim-trigger} (trigger0), all in this JVM. Each {@link #open} makes an independent set of
 * devices.
 */
public final class SimBackend implements ContextBackend {
    private final Map<Attribute, SimAttr> cells = new IdentityHashMap<>();
    private final Map<Device, Device> triggers = new IdentityHashMap<>();
    private final SimAdc adc;
    private final SimDac dac;
    private final Device trigger;
    private volatile boolean closed;

    private SimBackend() {
        adc = new SimAdc(this, "iio:device0");
        dac = new SimDac(this, "iio:device1");
        trigger = new Device("trigger0", "sim-trigger", null, true, false, List.of(),
                List.of(cell(AttributeKind.DEVICE, "sampling_frequency", null, SimAttr.stored("1000",
                        SimChecks.longInRange("sim-trigger/sampling_frequency", 1, 1_000_000_000L)))),
                List.of(), List.of());
    }

    /**
     * Opens a simulated context. The URI may set attributes before anything runs:
     * {@code sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0,sim-adc.voltage0.scale=0.5}.
     *
     * @param uri the whole URI, scheme included
     * @return a context with sim-adc, sim-dac and sim-trigger; each open context is a simulator of
     *         its own
     * @throws io.jiio.IioException EINVAL naming a malformed setting, ENOENT for a device, channel or
     *                              attribute that is not there, or the value's own error
     */
    public static Context open(String uri) {
        SimBackend backend = new SimBackend();
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("uri", uri);
        attrs.put("jiio,backend", "sim");
        Context context = new Context("sim", "jiio simulated devices (sim-adc, sim-dac, sim-trigger)", attrs,
                List.of(backend.adc.model(), backend.dac.model(), backend.trigger), backend);
        try {
            SimUri.apply(uri, context);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        return context;
    }

    Attribute cell(AttributeKind kind, String name, String filename, SimAttr storage) {
        Attribute a = new Attribute(kind, name, filename, this);
        cells.put(a, storage);
        return a;
    }

    SimAdc adc() {
        return adc;
    }

    SimDac dac() {
        return dac;
    }

    @Override
    public String read(Attribute attribute) {
        return storage(attribute).read();
    }

    @Override
    public void write(Attribute attribute, String value) {
        storage(attribute).write(value);
    }

    /** From the attribute's definition: a stored value is writable, a computed one read-only. */
    @Override
    public Attribute.Access access(Attribute attribute) {
        SimAttr s = cells.get(attribute);
        return s == null ? Attribute.Access.UNKNOWN : s.writable() ? Attribute.Access.WRITABLE : Attribute.Access.READ_ONLY;
    }

    private SimAttr storage(Attribute attribute) {
        ensureOpen();
        SimAttr s = cells.get(attribute);
        if (s == null) {
            throw new IioException(Errno.ENOENT, "attribute " + attribute.describe() + " is not part of this sim: context");
        }
        return s;
    }

    @Override
    public BlockQueue openBuffer(Device device, int bufferIndex, ChannelMask mask, QueueConfig config) {
        ensureOpen();
        return simDevice(device).openBuffer(bufferIndex, mask, config);
    }

    @Override
    public Device trigger(Device device) {
        synchronized (triggers) {
            return triggers.get(device);
        }
    }

    @Override
    public void setTrigger(Device device, Device newTrigger) {
        ensureOpen();
        if (device.isTrigger()) {
            throw new IioException(Errno.EINVAL, "trigger " + device.displayName() + " cannot itself have a trigger");
        }
        if (newTrigger != null && newTrigger != trigger) {
            throw new IioException(Errno.EINVAL, "trigger " + newTrigger.displayName() + " is not part of this sim: context");
        }
        SimDevice d = simDevice(device);
        if (d.streaming()) {
            throw new IioException(Errno.EBUSY, d.name + ": the trigger cannot change while the buffer is enabled");
        }
        synchronized (triggers) {
            if (newTrigger == null) {
                triggers.remove(device);
            } else {
                triggers.put(device, newTrigger);
            }
        }
    }

    private SimDevice simDevice(Device device) {
        if (device == adc.model()) {
            return adc;
        }
        if (device == dac.model()) {
            return dac;
        }
        throw new IioException(Errno.ENODEV, "device " + device.displayName() + " has no buffer in this sim: context");
    }

    private void ensureOpen() {
        if (closed) {
            throw new IioException(Errno.ENODEV, "the sim: context is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            adc.closeBuffer();
            dac.closeBuffer();
            closed = true;
        }
    }
}
