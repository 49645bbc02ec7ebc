package io.jiio.scope;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.Stream;
import io.jiio.model.Channel;
import io.jiio.model.ChannelMask;
import io.jiio.model.Demux;
import io.jiio.model.Device;
import io.jiio.model.SamplingRate;
import io.jiio.model.ScanLayout;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run of the capture: a thread that takes every block of the device's buffer, turns the
 * chosen channels into physical values and appends them to a {@link SampleRing}, from enable to
 * stop. A new target, or a write the device refuses while streaming, ends the run; the next one
 * starts afresh (new ring, new counts, scan 0 again).
 *
 * <p>Why one dedicated thread that does nothing else: everything downstream — frames, pages, the
 * network — may be slow, but none of it is on this thread. It waits only for the device, hands
 * each block straight back ({@link Stream}), and never blocks on a reader ({@link SampleRing} and
 * {@link CaptureStats} are written without locks). So a slow browser costs frames, never samples;
 * a loss the page shows is the device's, not the page's.
 *
 * <p>Scale and offset are read once per run and again after each attribute write
 * ({@link #refresh}), not per block: they are attribute reads, i.e. I/O (over {@code ip:} a round
 * trip), that the capture thread must not do.
 */
final class CaptureRun {
    /** How long one poll waits for a block, so that a stop request is seen within it. */
    static final long POLL_MS = 100;
    /** How often the queue's own loss totals are read. */
    static final long QUEUE_STATS_NANOS = 200_000_000L;
    /** The ring: at least this many scans, and 4 blocks' worth. */
    static final int MIN_RING_SCANS = 1 << 19;
    static final int DEFAULT_BLOCKS = 8;
    /** Blocks of this many scans when the device has no rate (or 0: unthrottled). */
    static final int FALLBACK_BLOCK_SCANS = 4096;
    /** Aim: a block per 20 ms at the device's rate, 50 blocks/s, between these bounds. */
    static final int MIN_BLOCK_SCANS = 16;
    static final int MAX_BLOCK_SCANS = 1 << 18;

    enum State { STARTING, RUNNING, STOPPED, FAILED }

    private final long number;
    private final CaptureTarget target;
    private final int blocks;
    private final int blockScans;
    private final SampleRing ring;
    private final CaptureStats stats = new CaptureStats();
    private final Consumer<String> log;
    private final Thread thread;
    private volatile double rateHz;
    private volatile double[] offsets;
    private volatile double[] scales;
    private volatile State state = State.STARTING;
    private volatile String error;
    private volatile boolean stopRequested;

    /**
     * @param blocks     blocks in circulation (0: {@link #DEFAULT_BLOCKS})
     * @param blockScans scans per block (0: 20 ms at the device's rate)
     */
    CaptureRun(long number, CaptureTarget target, int blocks, int blockScans, Consumer<String> log) {
        this.number = number;
        this.target = target;
        this.log = log;
        refresh();
        this.blocks = blocks > 0 ? blocks : DEFAULT_BLOCKS;
        this.blockScans = blockScans > 0 ? blockScans : defaultBlockScans(rateHz);
        int capacity = Math.max(MIN_RING_SCANS, Integer.highestOneBit(this.blockScans) * 8);
        this.ring = new SampleRing(target.channels().size(), capacity, this.blockScans);
        this.thread = Thread.ofPlatform().name("jiio-scope-capture-" + number).daemon().unstarted(this::run);
        thread.setPriority(Thread.MAX_PRIORITY);
    }

    static int defaultBlockScans(double rateHz) {
        if (rateHz <= 0) {
            return FALLBACK_BLOCK_SCANS;
        }
        return (int) Math.max(MIN_BLOCK_SCANS, Math.min(MAX_BLOCK_SCANS, Math.round(rateHz / 50)));
    }

    void start() {
        thread.start();
    }

    /** Asks the thread to stop and waits until the device's buffer is closed. */
    void stop() {
        stopRequested = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Re-reads the sampling rate, scales and offsets (after an attribute write). Not on the capture thread. */
    void refresh() {
        List<Channel> channels = target.channels();
        double[] o = new double[channels.size()];
        double[] s = new double[channels.size()];
        for (int i = 0; i < o.length; i++) {
            Channel c = channels.get(i);
            try {
                o[i] = c.offset();
                s[i] = c.scale();
            } catch (IioException unreadable) {
                o[i] = 0;
                s[i] = 1;
                log.accept(c.describe() + ": scale/offset unreadable (" + unreadable.getMessage() + "): showing raw values");
            }
        }
        offsets = o;
        scales = s;
        rateHz = SamplingRate.of(target.device(), target.mask());
    }

    private void run() {
        Device device = target.device();
        ChannelMask mask = target.mask();
        ScanLayout layout = ScanLayout.of(device, mask);
        Demux demux = new Demux(layout);
        List<Channel> channels = target.channels();
        int maxRepeat = channels.stream().mapToInt(c -> c.format().repeat()).max().orElse(1);
        double[][] scratch = new double[channels.size()][blockScans * maxRepeat];
        long blockBytes = (long) blockScans * layout.scanBytes();
        QueueConfig config = QueueConfig.defaults()
                .withMaxBlocks(Math.max(blocks, QueueConfig.DEFAULT_MAX_BLOCKS))
                .withMaxBlockSize(Math.max(blockBytes, QueueConfig.DEFAULT_MAX_BLOCK_SIZE));
        try (BlockQueue queue = device.openBuffer(0, mask, config);
             Stream stream = Stream.ofBlocks(queue, blocks, blockBytes)) {
            long nextQueueStats = System.nanoTime();
            while (!stopRequested) {
                Stream.Chunk c = stream.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (state == State.STARTING) {
                    // The first poll enabled the device: from here on it streams (and, e.g., a
                    // rate write is EBUSY), which is what RUNNING tells the page and the tests.
                    state = State.RUNNING;
                }
                if (System.nanoTime() - nextQueueStats >= 0) {
                    stats.queue(queue.stats());
                    nextQueueStats = System.nanoTime() + QUEUE_STATS_NANOS;
                }
                if (c == null) {
                    continue;
                }
                long lost = c.lostBefore();
                if (lost == Block.UNKNOWN) {
                    stats.lossUnknown();
                } else if (lost > 0) {
                    ring.gap(lost);
                    stats.gap(lost, c.firstScan());
                }
                int n = (int) c.scans();
                if (n == 0) {
                    continue; // aborted: no scans, no place in the stream
                }
                double[] o = offsets;
                double[] s = scales;
                for (int i = 0; i < scratch.length; i++) {
                    Channel ch = channels.get(i);
                    demux.physicalValues(c.segment(), c.bytesUsed(), ch, o[i], s[i], scratch[i]);
                    int repeat = ch.format().repeat();
                    if (repeat > 1) { // the first value of each scan: a trace per channel, not per repeat
                        for (int k = 0; k < n; k++) {
                            scratch[i][k] = scratch[i][k * repeat];
                        }
                    }
                }
                ring.write(scratch, n);
                stats.block(n);
            }
            stats.queue(queue.stats());
            state = State.STOPPED;
        } catch (IioException e) {
            error = e.errno() == Errno.ENODATA ? "the recording ended (" + e.reason() + ")" : e.getMessage();
            state = State.FAILED;
            log.accept("capture of " + device.displayName() + " stopped: " + error);
        } catch (RuntimeException e) {
            error = e.toString();
            state = State.FAILED;
            log.accept("capture of " + device.displayName() + " failed: " + error);
        }
    }

    long number() {
        return number;
    }

    CaptureTarget target() {
        return target;
    }

    SampleRing ring() {
        return ring;
    }

    CaptureStats stats() {
        return stats;
    }

    double rateHz() {
        return rateHz;
    }

    int blocks() {
        return blocks;
    }

    int blockScans() {
        return blockScans;
    }

    State state() {
        return state;
    }

    /** Why the run failed, or {@code null}. */
    String error() {
        return error;
    }

    /** The largest trace window: the snapshot holds the window and as much again to search for the trigger. */
    int maxWindow() {
        return ring.readable() / 2;
    }

    /** The largest FFT the ring can always provide. */
    int maxFftSize() {
        return Math.min(Spectrum.MAX_SIZE, Integer.highestOneBit(ring.readable()));
    }
}
