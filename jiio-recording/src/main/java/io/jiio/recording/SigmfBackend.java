package io.jiio.recording;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.ChannelMask;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanCopy;
import io.jiio.model.ScanLayout;
import io.jiio.spi.ContextBackend;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sigmf:} context: a recording as one input device ({@code iio:device0}, named as the
 * recorded device), with the recorded channels and their attributes. {@code sampling_frequency}
 * starts at the recorded rate (0: replay as fast as blocks come) and {@code loop} at 0; both can be
 * set in the URI ({@code sigmf:rec.sigmf-meta,loop=1,sampling_frequency=0}) or as attributes.
 * The data file is mapped, not read: a block is filled with one copy from the page cache.
 */
public final class SigmfBackend implements ContextBackend, ReplayDevice {
    private final SigmfMeta meta;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment data;
    private final long scans;
    private final long scanBytes;
    private final Map<Attribute, String[]> values = new IdentityHashMap<>();
    private final String name;
    private Device device;
    private Attribute rateAttr;
    private Attribute loopAttr;
    private volatile boolean closed;
    /** Replays running now: sampling_frequency and loop are read at enable, so they cannot change meanwhile. */
    private final java.util.concurrent.atomic.AtomicInteger replaying = new java.util.concurrent.atomic.AtomicInteger();

    private SigmfBackend(SigmfMeta meta, Path dataFile) {
        this.meta = meta;
        this.name = meta.device() != null ? meta.device() : "sigmf";
        this.scanBytes = (long) meta.numChannels() * meta.datatype().valuesPerSample() * meta.datatype().valueBytes();
        try (FileChannel ch = FileChannel.open(dataFile, StandardOpenOption.READ)) {
            long size = ch.size();
            this.scans = size / scanBytes;
            this.data = size == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new IioException(Errno.ENOENT, dataFile + ": the recording's data file does not exist");
        } catch (IOException e) {
            arena.close();
            throw new IioException(Errno.EIO, dataFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens {@code sigmf:PATH[,loop=0|1][,sampling_frequency=HZ]}; PATH names the meta file, the
     * data file or their common base. The data file is mapped read-only; {@code loop=1} starts
     * over at its end instead of ending with ENODATA.
     *
     * @param uri the whole URI, scheme included
     * @return a context with one input device replaying the recording; closing it unmaps the file
     */
    public static Context open(String uri) {
        String rest = uri.substring("sigmf:".length());
        Map<String, String> options = new LinkedHashMap<>();
        int comma;
        while ((comma = rest.lastIndexOf(',')) >= 0 && rest.substring(comma + 1).matches("[a-z_]+=[^,]*")) {
            String kv = rest.substring(comma + 1);
            options.putIfAbsent(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            rest = rest.substring(0, comma);
        }
        if (rest.isEmpty()) {
            throw new IioException(Errno.EINVAL, "'" + uri + "': sigmf: needs the path of a recording");
        }
        SigmfFiles files = SigmfFiles.of(Path.of(rest));
        SigmfMeta meta = SigmfMeta.read(files.meta());
        SigmfBackend b = new SigmfBackend(meta, files.data());
        try {
            b.device = b.buildDevice();
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("uri", uri);
            attrs.put("jiio,backend", "sigmf");
            attrs.put("sigmf,datatype", meta.datatype().toString());
            attrs.put("sigmf,scans", Long.toString(b.scans));
            Context ctx = new Context("sigmf", "SigMF recording " + files.meta(), attrs, List.of(b.device), b);
            for (Map.Entry<String, String> o : options.entrySet()) {
                Attribute a = b.device.attribute(AttributeKind.DEVICE, o.getKey()).orElseThrow(() -> new IioException(
                        Errno.EINVAL, "'" + uri + "': unknown option '" + o.getKey() + "' (loop, sampling_frequency)"));
                a.write(o.getValue());
            }
            return ctx;
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    private Device buildDevice() {
        int count = meta.numChannels() * meta.datatype().valuesPerSample();
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SigmfMeta.ChannelNote note = i < meta.channels().size() ? meta.channels().get(i) : null;
            String id = note != null && !note.id().isEmpty() ? note.id() : "voltage" + i;
            List<Attribute> attrs = new ArrayList<>();
            if (note != null) {
                note.attributes().forEach((k, v) -> attrs.add(fixed(AttributeKind.CHANNEL, k, v)));
            }
            channels.add(new Channel(id, null, null, Direction.INPUT, i, ReplayDevice.format(meta, i), attrs));
        }
        List<Attribute> devAttrs = new ArrayList<>();
        rateAttr = stored("sampling_frequency", Long.toString(Math.round(meta.sampleRate())));
        loopAttr = stored("loop", "0");
        devAttrs.add(rateAttr);
        devAttrs.add(loopAttr);
        meta.attributes().forEach((k, v) -> {
            if (!k.equals("sampling_frequency") && !k.equals("loop")) {
                devAttrs.add(fixed(AttributeKind.DEVICE, k, v));
            }
        });
        return new Device("iio:device0", name, null, false, true, channels, devAttrs, List.of(), List.of());
    }

    private Attribute fixed(AttributeKind kind, String attrName, String value) {
        Attribute a = new Attribute(kind, attrName, null, this);
        values.put(a, new String[] {value, null});
        return a;
    }

    private Attribute stored(String attrName, String value) {
        Attribute a = new Attribute(AttributeKind.DEVICE, attrName, null, this);
        values.put(a, new String[] {value, "rw"});
        return a;
    }

    @Override
    public String read(Attribute attribute) {
        ensureOpen();
        String[] v = values.get(attribute);
        if (v == null) {
            throw new IioException(Errno.ENOENT, attribute.describe() + " is not part of this recording");
        }
        synchronized (v) {
            return v[0];
        }
    }

    @Override
    public void write(Attribute attribute, String value) {
        ensureOpen();
        String[] v = values.get(attribute);
        if (v == null || v[1] == null) {
            throw new IioException(Errno.EACCES, attribute.describe() + " is recorded and cannot be changed");
        }
        String t = value.trim();
        boolean ok = attribute == loopAttr ? t.equals("0") || t.equals("1") : t.matches("\\d{1,12}");
        if (!ok) {
            throw new IioException(Errno.EINVAL, attribute.describe() + ": '" + value + "' is not "
                    + (attribute == loopAttr ? "0 or 1" : "a rate in Hz (0: as fast as blocks come)"));
        }
        if (replaying.get() > 0) {
            // as a driver refuses a new rate while its buffer is enabled: the replay took its pace
            // and looping at enable, and would go on without this value while it was shown as set
            throw new IioException(Errno.EBUSY, attribute.describe() + " cannot change while the recording is "
                    + "replayed: disable the buffer first");
        }
        synchronized (v) {
            v[0] = t;
        }
    }

    /** {@code sampling_frequency} and {@code loop} are writable; what the recording holds is read-only. */
    @Override
    public Attribute.Access access(Attribute attribute) {
        String[] v = values.get(attribute);
        return v == null ? Attribute.Access.UNKNOWN : v[1] == null ? Attribute.Access.READ_ONLY : Attribute.Access.WRITABLE;
    }

    @Override
    public BlockQueue openBuffer(Device d, int bufferIndex, ChannelMask mask, QueueConfig config) {
        ensureOpen();
        if (d != device || bufferIndex != 0) {
            throw new IioException(Errno.ENODEV, d.displayName() + " buffer " + bufferIndex + " is not part of this recording");
        }
        ScanLayout layout = ScanLayout.of(d, mask);
        ChannelMask all = d.newMask();
        d.channels().forEach(all::enable);
        ReplayEngine engine = new ReplayEngine(this, ScanCopy.between(ScanLayout.of(d, all), layout));
        BlockQueue q = new BlockQueue(name + "/buffer0", Direction.INPUT, engine, config, layout);
        engine.queue(q);
        return q;
    }

    @Override
    public Device trigger(Device d) {
        return null;
    }

    @Override
    public void setTrigger(Device d, Device trigger) {
        throw new IioException(Errno.EINVAL, "a recording has no triggers");
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IioException(Errno.ENODEV, "the sigmf: context is closed");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public MemorySegment data() {
        return data;
    }

    @Override
    public long scans() {
        return scans;
    }

    @Override
    public List<SigmfMeta.Loss> losses() {
        return meta.losses();
    }

    @Override
    public long rate() {
        return Long.parseLong(read(rateAttr));
    }

    @Override
    public boolean loop() {
        return read(loopAttr).equals("1");
    }

    @Override
    public void replaying(boolean started) {
        if (started) {
            replaying.incrementAndGet();
        } else {
            replaying.decrementAndGet();
        }
    }
}
