package io.jiio.net;

/**
 * The blocks of a shared capture lent to one reader and not taken by it yet, oldest first, each
 * with its place in that reader's stream. A fixed ring (a generation never has more than
 * {@link ServerConfig#MAX_BLOCKS} blocks, and a reader's backlog is emptied when the capture
 * reopens), so lending allocates nothing. Guarded by the capture's lock.
 */
final class Backlog {
    private final SharedCapture.Chunk[] chunks = new SharedCapture.Chunk[ServerConfig.MAX_BLOCKS];
    private final long[] firstScans = new long[ServerConfig.MAX_BLOCKS];
    private final boolean[] unknownBefore = new boolean[ServerConfig.MAX_BLOCKS];
    private int head;
    private int size;

    void add(SharedCapture.Chunk c, long firstScan, boolean unknown) {
        if (size == chunks.length) {
            throw new IllegalStateException("a reader's backlog holds " + size + " blocks, the most a capture has");
        }
        int i = (head + size++) % chunks.length;
        chunks[i] = c;
        firstScans[i] = firstScan;
        unknownBefore[i] = unknown;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The oldest block; the backlog must not be empty. */
    SharedCapture.Chunk first() {
        return chunks[head];
    }

    /** The oldest block's first scan, in the reader's stream. */
    long firstScan() {
        return firstScans[head];
    }

    /** Whether an unknown number of scans may be missing before the oldest block (a restart). */
    boolean unknownBefore() {
        return unknownBefore[head];
    }

    void removeFirst() {
        chunks[head] = null;
        head = (head + 1) % chunks.length;
        size--;
    }
}
