package io.jiio.model;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.Stream;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Samples as arrays, for scripts and notebooks: {@code rx(n)} returns the next {@code n} scans of
 * an input device, one array per channel, as pyadi-iio's {@code rx()} does. It runs a
 * {@link Stream} underneath, so consecutive calls continue the same capture: no scan is returned
 * twice, and every scan the device lost in between is counted in the next result
 * ({@link Samples#lostScans()}), so that scans returned plus scans lost add up to what the device
 * produced.
 *
 * <pre>
 * try (Context ctx = Context.open("sim:");
 *      Rx rx = Rx.open(ctx.requireDevice("sim-adc"), "voltage0", "voltage1")) {
 *     Rx.Samples s = rx.rx(4096);
 *     double[] volts = s.scaled("voltage0");   // (raw + offset) × scale: millivolts here
 *     if (s.lostScans() != 0) { ... }           // the device overran since the previous call
 * }
 * </pre>
 *
 * <p>Copies every sample into new arrays: for streaming at the device's full rate use the
 * {@link Stream} and {@link Demux} directly. Not thread-safe.
 */
public final class Rx implements AutoCloseable {
    /** Scans per block when not given: small enough for slow devices, large enough to keep up at MHz rates. */
    public static final int DEFAULT_BLOCK_SCANS = 16_384;
    /** Blocks in flight when not given. */
    public static final int DEFAULT_BLOCKS = 4;

    private final BlockQueue queue;
    private final Stream stream;
    private final ScanLayout layout;
    private final Demux demux;
    private final double[] offsets;
    private final double[] scales;
    private Stream.Chunk chunk;
    private long used;
    /** Loss an interrupted call could not report, carried into the next result. */
    private long carriedLost;
    private int carriedGaps;
    private boolean carriedUnknown;

    private Rx(BlockQueue queue, int blocks, long blockScans) {
        this.queue = queue;
        this.layout = queue.layout();
        this.demux = new Demux(layout);
        List<Channel> channels = layout.channels();
        this.offsets = new double[channels.size()];
        this.scales = new double[channels.size()];
        for (int i = 0; i < channels.size(); i++) {
            Channel c = channels.get(i);
            offsets[i] = c.offset(); // attributes: read once, here, not per sample
            scales[i] = c.scale();
        }
        this.stream = Stream.ofBlocks(queue, blocks, blockScans * layout.scanBytes());
    }

    /**
     * Opens buffer 0 of an input device with {@link #DEFAULT_BLOCKS} blocks of
     * {@link #DEFAULT_BLOCK_SCANS} scans.
     *
     * @param device     an input device of an open context
     * @param channelIds the channels, by id; none: every scan element
     * @return the receiver; the capture starts with the first {@link #rx}
     */
    public static Rx open(Device device, String... channelIds) {
        return open(device, DEFAULT_BLOCKS, DEFAULT_BLOCK_SCANS, channelIds);
    }

    /**
     * Opens buffer 0 of an input device with {@code blocks} blocks of {@code blockScans} scans.
     *
     * @param device     an input device of an open context
     * @param blocks     blocks in flight, at least 1
     * @param blockScans scans per block, at least 1
     * @param channelIds the channels, by id; none: every scan element
     * @return the receiver; the capture starts with the first {@link #rx}
     * @throws IioException EINVAL for output channels, a bad count or size; the device's own
     *                      errors (ENODEV for a device without a buffer, EBUSY …)
     */
    public static Rx open(Device device, int blocks, long blockScans, String... channelIds) {
        Objects.requireNonNull(device, "device");
        if (blockScans < 1) {
            throw new IioException(Errno.EINVAL, device.displayName() + ": rx: " + blockScans
                    + " scans per block (at least 1)");
        }
        ChannelMask mask = device.mask(channelIds);
        mask.positions().forEach(p -> {
            Channel c = device.channels().get(p);
            if (c.direction() != Direction.INPUT) {
                throw new IioException(Errno.EINVAL, "rx: " + c.describe() + " is an output channel");
            }
        });
        BlockQueue q = device.openBuffer(mask);
        try {
            return new Rx(q, blocks, blockScans);
        } catch (RuntimeException e) {
            q.close();
            throw e;
        }
    }

    /**
     * The next {@code scans} scans, waiting as long as it takes.
     *
     * @param scans how many, at least 1
     * @return the samples, with their place in the capture and the loss since the previous call
     */
    public Samples rx(int scans) {
        return rx(scans, -1, TimeUnit.MILLISECONDS);
    }

    /**
     * The next {@code scans} scans, waiting at most {@code timeout} for each block.
     *
     * @param scans   how many, at least 1
     * @param timeout the longest wait for one block
     * @param unit    {@code timeout}'s unit
     * @return the samples, with their place in the capture and the loss since the previous call
     * @throws IioException ETIMEDOUT when a block does not come in time: the scans gathered so
     *                      far are dropped and counted as lost in the next result, so the
     *                      accounting stays whole; the queue's errors when the device fails
     */
    public Samples rx(int scans, long timeout, TimeUnit unit) {
        if (scans < 1) {
            throw new IioException(Errno.EINVAL, queue.name() + ": rx(" + scans + "): at least 1 scan");
        }
        List<Channel> channels = layout.channels();
        long[][] raw = new long[channels.size()][];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = new long[scans * layout.element(channels.get(i)).format().repeat()];
        }
        int[] filled = new int[raw.length];
        long first = Block.UNKNOWN;
        long lost = carriedLost;
        int gaps = carriedGaps;
        boolean known = !carriedUnknown;
        carriedLost = 0;
        carriedGaps = 0;
        carriedUnknown = false;
        int got = 0;
        while (got < scans) {
            if (chunk == null || used == chunk.scans()) {
                try {
                    chunk = timeout < 0 ? stream.next() : stream.next(timeout, unit);
                } catch (IioException e) {
                    chunk = null;
                    carriedLost = lost + got;
                    carriedGaps = gaps + (got > 0 ? 1 : 0);
                    carriedUnknown = !known;
                    throw got == 0 ? e : new IioException(e.errno(), e.reason() + " (the " + got
                            + " scans gathered by this call are counted as lost in the next one)", e);
                }
                used = 0;
                long before = chunk.lostBefore();
                if (before == Block.UNKNOWN) {
                    known = false;
                } else if (before > 0) {
                    lost += before;
                    gaps++;
                }
                if (chunk.scans() == 0) {
                    continue;
                }
            }
            if (got == 0) {
                first = chunk.firstScan() == Block.UNKNOWN ? Block.UNKNOWN : chunk.firstScan() + used;
            }
            long take = Math.min(scans - got, chunk.scans() - used);
            for (int i = 0; i < raw.length; i++) {
                filled[i] += demux.rawValues(chunk.segment(), used, take, channels.get(i), raw[i], filled[i]);
            }
            used += take;
            got += (int) take;
        }
        return new Samples(this, raw, scans, first, known ? lost : Block.UNKNOWN, gaps);
    }

    /** {@return the channels' places in a scan} */
    public ScanLayout layout() {
        return layout;
    }

    /** {@return the queue underneath, e.g. for its {@link BlockQueue#stats()}} */
    public BlockQueue queue() {
        return queue;
    }

    /** Stops the capture and frees the buffer. */
    @Override
    public void close() {
        try {
            stream.close();
        } finally {
            queue.close();
        }
    }

    /**
     * One {@link #rx} call's scans: an array per channel, and where they sit in the capture.
     * Channels with a repeated format ({@code X3}) have {@code repeat} values per scan.
     */
    public static final class Samples {
        private final Rx rx;
        private final long[][] raw;
        private final int scans;
        private final long firstScan;
        private final long lostScans;
        private final int gaps;

        Samples(Rx rx, long[][] raw, int scans, long firstScan, long lostScans, int gaps) {
            this.rx = rx;
            this.raw = raw;
            this.scans = scans;
            this.firstScan = firstScan;
            this.lostScans = lostScans;
            this.gaps = gaps;
        }

        /** {@return how many scans: what {@link Rx#rx} was asked for} */
        public int scans() {
            return scans;
        }

        /** {@return the channels, in scan order: the order of {@link #raw(int)}'s index} */
        public List<Channel> channels() {
            return rx.layout.channels();
        }

        /**
         * The raw samples of the {@code i}-th channel (sign-extended and shifted as its format says).
         *
         * @param i the channel's index in {@link #channels()}
         * @return its samples, {@code repeat} per scan
         */
        public long[] raw(int i) {
            return raw[i];
        }

        /**
         * The raw samples of a channel by id.
         *
         * @param channelId the channel's id, e.g. {@code voltage0}
         * @return its samples, {@code repeat} per scan
         * @throws IioException EINVAL for a channel not among these samples
         */
        public long[] raw(String channelId) {
            return raw[index(channelId)];
        }

        /**
         * The samples of a channel in physical units, {@code (raw + offset) × scale} with the
         * channel's attributes as read when the receiver was opened (millivolts for a voltage
         * channel, as the kernel's ABI defines).
         *
         * @param channelId the channel's id, e.g. {@code voltage0}
         * @return its samples in physical units
         * @throws IioException EINVAL for a channel not among these samples
         */
        public double[] scaled(String channelId) {
            int i = index(channelId);
            double[] out = new double[raw[i].length];
            for (int k = 0; k < out.length; k++) {
                out[k] = Demux.toPhysical(raw[i][k], rx.offsets[i], rx.scales[i]);
            }
            return out;
        }

        /** {@return the index since the capture began of the first scan; {@link Block#UNKNOWN} when the device cannot tell} */
        public long firstScan() {
            return firstScan;
        }

        /**
         * {@return scans the device lost after the previous call's last scan and within these: 0
         * means these follow on without a gap; {@link Block#UNKNOWN} when the device cannot tell}
         */
        public long lostScans() {
            return lostScans;
        }

        /** {@return in how many places {@link #lostScans()} were lost} */
        public int gaps() {
            return gaps;
        }

        private int index(String channelId) {
            List<Channel> channels = rx.layout.channels();
            for (int i = 0; i < channels.size(); i++) {
                if (channels.get(i).id().equals(channelId)) {
                    return i;
                }
            }
            throw new IioException(Errno.EINVAL, "rx: no channel '" + channelId + "' in these samples (channels: "
                    + channels.stream().map(Channel::id).toList() + ")");
        }
    }
}
