package io.jiio.buffer;

import io.jiio.model.Direction;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The completion side's figures for one {@link BlockQueue}: where the next completed block starts,
 * the loss reported but not yet placed, and the counters {@link QueueStats} shows. It is the one
 * place where losses become figures, so the totals are the sums of the blocks' own
 * ({@link Block#firstScan()}, {@link Block#lostBefore()}).
 *
 * <p>Written by one thread at a time without a lock: the thread completing blocks while the device
 * runs, the controlling thread while it is stopped (enable, disable's abort hand-back), with the
 * engine's start and abort as the hand-over. {@link #stats()} reads from any thread through a
 * sequence lock: the writer makes {@code VERSION} odd while it changes the figures and even again
 * after, and a reader that saw an odd or changed version reads again, so a snapshot is always one
 * moment's (blocks and bytes of the same completions), possibly a moment old while the device runs.
 */
final class CompletionLedger {
    private static final VarHandle V = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int BLOCKS = 0;
    private static final int BYTES = 1;
    private static final int ABORTED = 2;
    private static final int OVERRUNS = 3;
    private static final int OVERRUN_SCANS = 4;
    private static final int UNDERRUNS = 5;
    private static final int UNDERRUN_SCANS = 6;
    private static final int PENDING = 7;
    private static final int NEXT_SCAN = 8;
    /** Bytes of every block put on the outgoing ring, stale ones included. */
    private static final int OUTGOING_BYTES = 9;
    /** The sequence lock's version: odd while the writer changes the figures. */
    private static final int VERSION = 10;

    private final Direction direction;
    private final long[] v = new long[11];
    private volatile boolean tracksLoss;

    CompletionLedger(Direction direction, boolean tracksLoss) {
        this.direction = direction;
        this.tracksLoss = tracksLoss;
    }

    private long get(int i) {
        return (long) V.getOpaque(v, i);
    }

    private void add(int i, long delta) {
        V.setOpaque(v, i, (long) V.getOpaque(v, i) + delta);
    }

    /** The writer starts changing the figures (the version turns odd before any of them changes). */
    private void begin() {
        V.setOpaque(v, VERSION, (long) V.getOpaque(v, VERSION) + 1);
        VarHandle.storeStoreFence();
    }

    /** ... and is done (the version turns even after all of them changed). */
    private void end() {
        V.setRelease(v, VERSION, (long) V.getOpaque(v, VERSION) + 1);
    }

    /** A new transfer (enable): positions start at 0 with nothing pending. */
    void restart(boolean tracks) {
        begin();
        V.setOpaque(v, NEXT_SCAN, 0L);
        V.setOpaque(v, PENDING, 0L);
        tracksLoss = tracks;
        end();
    }

    boolean tracksLoss() {
        return tracksLoss;
    }

    void lossUnknown() {
        tracksLoss = false;
    }

    /** The device lost {@code scans} scans; placed before the next block it completes. */
    void lost(long scans) {
        begin();
        add(PENDING, scans);
        end();
    }

    /**
     * A block completed with {@code bytes} of {@code scans} scans: gives it its position and the
     * loss reported since the previous one, counting that loss as one episode.
     */
    void completed(Block block, long bytes, long scans) {
        begin();
        try {
            place(block, bytes, scans);
        } finally {
            end();
        }
    }

    private void place(Block block, long bytes, long scans) {
        add(BLOCKS, 1);
        add(BYTES, bytes);
        if (!tracksLoss) {
            block.firstScan = Block.UNKNOWN;
            block.lostBefore = Block.UNKNOWN;
            return;
        }
        long lost = get(PENDING);
        V.setOpaque(v, PENDING, 0L);
        block.lostBefore = lost;
        block.firstScan = get(NEXT_SCAN) + lost;
        V.setOpaque(v, NEXT_SCAN, block.firstScan + scans);
        if (lost > 0) {
            add(direction == Direction.INPUT ? OVERRUNS : UNDERRUNS, 1);
            add(direction == Direction.INPUT ? OVERRUN_SCANS : UNDERRUN_SCANS, lost);
        }
    }

    /** An aborted block (disable): empty, placed where the stream stopped. */
    void aborted(Block block) {
        begin();
        add(ABORTED, 1);
        end();
        boolean tracks = tracksLoss;
        block.firstScan = tracks ? get(NEXT_SCAN) + get(PENDING) : Block.UNKNOWN;
        block.lostBefore = tracks ? 0 : Block.UNKNOWN;
    }

    /** The producer is about to put a block of {@code bytes} on the outgoing ring. */
    void toOutgoing(long bytes) {
        add(OUTGOING_BYTES, bytes);
    }

    long outgoingBytes() {
        return get(OUTGOING_BYTES);
    }

    QueueStats stats() {
        while (true) {
            long before = (long) V.getAcquire(v, VERSION);
            QueueStats s = new QueueStats(get(BLOCKS), get(BYTES), get(ABORTED), get(OVERRUNS), get(OVERRUN_SCANS),
                    get(UNDERRUNS), get(UNDERRUN_SCANS), tracksLoss, get(PENDING));
            VarHandle.loadLoadFence();
            if ((before & 1) == 0 && before == (long) V.getOpaque(v, VERSION)) {
                return s;
            }
            Thread.onSpinWait();
        }
    }
}
