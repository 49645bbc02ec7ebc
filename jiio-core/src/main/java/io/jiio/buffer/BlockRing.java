package io.jiio.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded single-producer, single-consumer ring of blocks: the lock-free half of a hand-off.
 * The producer stores a block in the slot at {@code tail} and publishes it with a release store of
 * {@code tail + 1}; the consumer reads {@code tail} with acquire, so everything the producer wrote
 * to the block before publishing (its state, bytesUsed, position) is visible to the consumer that
 * takes it, and the consumer's release of {@code head} hands the slot back the same way. No lock,
 * no allocation, one cache line per index: {@code head} and {@code tail} sit {@value #SPACING}
 * longs apart so that the two threads do not invalidate each other's line on every operation.
 *
 * <p>"Single" means one thread at a time, with a happens-before edge at each change of hands: the
 * producer role passes from a device's thread to the thread that aborted it (after the abort
 * returned), the consumer role between application threads through the queue's lock.
 *
 * <p>Only the consumer may {@link #remove} from the middle: it moves the entries before the removed
 * one up by one slot and releases the new head. Those slots lie between {@code head} and the tail
 * it read, which the producer never writes.
 */
final class BlockRing {
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs between the two indexes: 128 bytes, two cache lines (adjacent-line prefetch). */
    private static final int SPACING = 16;
    private static final int TAIL = SPACING;
    private static final int HEAD = 2 * SPACING;
    /** The consumer's last look at tail: it reads the real one only when it has taken all it saw. */
    private static final int TAIL_SEEN = 3 * SPACING;
    /** The producer's last look at head: it reads the real one only when the ring looks full. */
    private static final int HEAD_SEEN = 4 * SPACING;

    private final Block[] slots;
    private final int mask;
    /** The four indexes, each on a line of its own, in one array that nothing else shares. */
    private final long[] seq = new long[5 * SPACING + 1];

    /** @param minCapacity rounded up to a power of two */
    BlockRing(int minCapacity) {
        int cap = Integer.highestOneBit(Math.max(2, minCapacity) - 1) << 1;
        slots = new Block[cap];
        mask = cap - 1;
    }

    int capacity() {
        return slots.length;
    }

    /** Producer: appends {@code b}; false when the ring is full. */
    boolean offer(Block b) {
        long t = (long) SEQ.get(seq, TAIL);
        if (t - (long) SEQ.get(seq, HEAD_SEEN) >= slots.length) {
            long h = (long) SEQ.getAcquire(seq, HEAD);
            SEQ.set(seq, HEAD_SEEN, h);
            if (t - h >= slots.length) {
                return false;
            }
        }
        slots[(int) t & mask] = b;
        SEQ.setRelease(seq, TAIL, t + 1);
        return true;
    }

    /** The count of blocks ever published: what a waiting consumer watches. */
    long tail() {
        return (long) SEQ.getAcquire(seq, TAIL);
    }

    /**
     * Consumer: how many blocks it has taken. With nothing left to take, the ring is empty exactly
     * while {@link #tail()} equals this, so it is what an empty ring's consumer waits to see move.
     */
    long head() {
        return (long) SEQ.get(seq, HEAD);
    }

    /**
     * Consumer: whether the ring holds a block after {@code h}, reading the producer's tail only when
     * the last one read is used up (a cache miss saved on every block of a batch).
     */
    private boolean hasAfter(long h) {
        if (h != (long) SEQ.get(seq, TAIL_SEEN)) {
            return true;
        }
        long t = tail();
        SEQ.set(seq, TAIL_SEEN, t);
        return h != t;
    }

    /** Consumer: the oldest block without taking it, or null. */
    Block peek() {
        long h = (long) SEQ.get(seq, HEAD);
        return hasAfter(h) ? slots[(int) h & mask] : null;
    }

    /** Consumer: takes the oldest block, or null when there is none. */
    Block poll() {
        long h = (long) SEQ.get(seq, HEAD);
        if (!hasAfter(h)) {
            return null;
        }
        // The slot is left as it is: the consumer writing to the slots the producer writes (16
        // references to a cache line) would make both threads miss on every block.
        Block b = slots[(int) h & mask];
        SEQ.setRelease(seq, HEAD, h + 1);
        return b;
    }

    /** Consumer: takes {@code b} out from wherever it is; false when it is not in the ring. */
    boolean remove(Block b) {
        long h = (long) SEQ.get(seq, HEAD);
        long t = tail();
        SEQ.set(seq, TAIL_SEEN, t); // the head may pass the old look: keep head <= tail seen
        for (long at = h; at != t; at++) {
            if (slots[(int) at & mask] == b) {
                for (long j = at; j != h; j--) {
                    slots[(int) j & mask] = slots[(int) (j - 1) & mask];
                }
                slots[(int) h & mask] = null;
                SEQ.setRelease(seq, HEAD, h + 1);
                return true;
            }
        }
        return false;
    }

    /** Consumer: blocks published and not yet taken. */
    int size() {
        return (int) (tail() - (long) SEQ.get(seq, HEAD));
    }
}
