package io.jiio.sim;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.DmaEngine;
import io.jiio.buffer.QueueConfig;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanFormat;
import io.jiio.model.ScanLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * What the simulated devices share: attribute cells, the one buffer (buffer0) and its attributes,
 * and the debugfs register file. Subclasses add their channels, device attributes and engine.
 */
abstract class SimDevice {
    static final ScanFormat S16 = ScanFormat.parse("le:s16/16>>0");
    static final String DEFAULT_SCALE = "0.152587890625";

    final SimBackend backend;
    final String id;
    final String name;
    private final SimAttr.Stored length;
    private final SimAttr.Stored watermark;
    private volatile boolean streaming;
    private volatile BlockQueue queue;
    private Device model;

    SimDevice(SimBackend backend, String id, String name) {
        this.backend = backend;
        this.id = id;
        this.name = name;
        this.length = SimAttr.stored("1024",
                SimChecks.notWhile(this::streaming, name + "/buffer/length", SimChecks.longInRange(name + "/buffer/length", 2, 1L << 26)));
        this.watermark = SimAttr.stored("512",
                SimChecks.notWhile(this::streaming, name + "/buffer/watermark", SimChecks.longInRange(name + "/buffer/watermark", 1, 1L << 26)));
    }

    abstract Direction direction();

    abstract List<Channel> channels();

    abstract List<Attribute> deviceAttributes();

    abstract DmaEngine newEngine(ScanLayout layout);

    final Device model() {
        if (model == null) {
            model = new Device(id, name, null, false, true, channels(), deviceAttributes(),
                    bufferAttributes(), List.of(backend.cell(AttributeKind.DEBUG, "direct_reg_access",
                    null, new RegisterFile(name + "/debug/direct_reg_access", 256, chipId()))));
        }
        return model;
    }

    abstract int chipId();

    private List<Attribute> bufferAttributes() {
        List<Attribute> attrs = new ArrayList<>();
        attrs.add(backend.cell(AttributeKind.BUFFER, "data_available", null, SimAttr.readOnly(
                name + "/buffer/data_available", () -> {
                    BlockQueue q = queue;
                    return Long.toString(q == null || q.isClosed() ? 0 : q.bytesAvailable() / q.scanBytes());
                })));
        attrs.add(backend.cell(AttributeKind.BUFFER, "enable", null, SimAttr.readOnly(
                name + "/buffer/enable (enable a buffer through the block API)", () -> streaming ? "1" : "0")));
        attrs.add(backend.cell(AttributeKind.BUFFER, "length", null, length));
        attrs.add(backend.cell(AttributeKind.BUFFER, "watermark", null, watermark));
        return attrs;
    }

    /** A channel's raw/scale/offset cells, with the kernel's file names. */
    final List<Attribute> channelCells(Direction dir, String chan, SimAttr raw) {
        String prefix = dir.prefix() + "_" + chan + "_";
        String what = name + "/" + chan + "/";
        return List.of(
                backend.cell(AttributeKind.CHANNEL, "raw", prefix + "raw", raw),
                backend.cell(AttributeKind.CHANNEL, "scale", prefix + "scale",
                        SimAttr.stored(DEFAULT_SCALE, SimChecks.finiteDouble(what + "scale"))),
                backend.cell(AttributeKind.CHANNEL, "offset", prefix + "offset",
                        SimAttr.stored("0", SimChecks.finiteDouble(what + "offset"))));
    }

    final boolean streaming() {
        return streaming;
    }

    final void streaming(boolean on) {
        streaming = on;
    }

    final synchronized BlockQueue openBuffer(int index, ChannelMask mask, QueueConfig config) {
        if (index != 0) {
            throw new IioException(Errno.ENODEV, name + " has one buffer (buffer0); buffer" + index + " does not exist");
        }
        if (queue != null && !queue.isClosed()) {
            throw new IioException(Errno.EBUSY, name + "/buffer0 is already open");
        }
        ScanLayout layout = ScanLayout.of(model(), mask);
        BlockQueue q = new BlockQueue(name + "/buffer0", direction(), newEngine(layout), config, layout);
        queue = q;
        return q;
    }

    final synchronized void bufferClosed() {
        queue = null;
    }

    /**
     * Closes the open buffer, if any. The close runs outside this device's lock: it ends in
     * {@link #bufferClosed()}, which takes the lock, and another thread may be closing the same
     * queue at that moment.
     */
    final void closeBuffer() {
        BlockQueue q;
        synchronized (this) {
            q = queue;
        }
        if (q != null) {
            q.close();
        }
    }
}
