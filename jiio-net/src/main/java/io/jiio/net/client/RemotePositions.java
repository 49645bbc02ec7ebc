package io.jiio.net.client;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.DmaCompletion;
import io.jiio.net.PositionRecord;

/**
 * Turns the server's position records ({@link PositionRecord}) into the client queue's loss
 * reports, one block at a time and in order, so that each client block gets exactly the server's
 * {@code firstScan} and {@code lostBefore}. Every record is checked against the stream so far: a
 * server that places a block anywhere but right after the previous one plus its reported loss is a
 * protocol error, said loudly rather than re-placed.
 *
 * <p>A record saying "unknown" (-1: the server's device cannot tell, or the server restarted the
 * capture) turns the queue's accounting off until the next enable ({@link DmaCompletion#lossUnknown}).
 * Used by one engine thread at a time.
 */
final class RemotePositions {
    private final boolean output;
    private final String what;
    private long next;
    private boolean unknown;

    /** @param what the buffer, for messages, e.g. {@code sim-adc over ip:127.0.0.1:30431} */
    RemotePositions(boolean output, String what) {
        this.output = output;
        this.what = what;
    }

    /** A new server stream (a new OPEN / ENABLE_BUFFER): positions start at 0 again. */
    void restart() {
        next = 0;
        unknown = false;
    }

    /**
     * Reports the loss before a block of {@code scans} scans that the server placed at
     * {@code firstScan}, to be called just before that block is completed.
     *
     * @throws IioException EPROTO when the record contradicts the stream so far
     */
    void place(DmaCompletion completion, long firstScan, long lostBefore, long scans) {
        if (unknown) {
            return;
        }
        if (firstScan == PositionRecord.UNKNOWN || lostBefore == PositionRecord.UNKNOWN) {
            unknown = true;
            completion.lossUnknown();
            return;
        }
        if (lostBefore < 0 || firstScan != next + lostBefore) {
            throw new IioException(Errno.EPROTO, what + ": protocol error: the server places a block at scan "
                    + firstScan + " with " + lostBefore + " scans lost before it, but the stream so far ends at scan "
                    + next);
        }
        if (lostBefore > 0) {
            if (output) {
                completion.underrun(lostBefore);
            } else {
                completion.overrun(lostBefore);
            }
        }
        next = firstScan + scans;
    }
}
