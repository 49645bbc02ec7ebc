package io.jiio.buffer;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One block of a {@link BlockQueue}: a page-aligned region of the queue's mapping plus the fields
 * of the kernel's {@code struct iio_buffer_block}. There is exactly one {@code Block} object per
 * block id and generation, so the engine never allocates per cycle.
 *
 * <p>The fields that change per cycle ({@link BlockFields}, padded against false sharing) are
 * written by whichever side owns the block: the application under the queue's lock, the device
 * between submit and completion; the rings of the hand-off order the two (see {@link BlockQueue}).
 * {@link #state()} is volatile so that an unlocked read (as in {@link #segment()}) sees the latest
 * transition.
 */
public final class Block extends BlockFields {
    /**
     * What {@link #firstScan()} and {@link #lostBefore()} say when the device cannot tell (an
     * engine whose {@link DmaEngine#tracksLoss()} is false): never 0, which would claim "nothing lost".
     */
    public static final long UNKNOWN = -1;

    final BlockQueue queue;
    final BlockMapping mapping;
    final MemorySegment memory;
    private final int id;
    private final long size;
    private final long offset;

    private static final VarHandle STATE;
    private static final VarHandle ZOMBIE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(BlockFields.class, "state", BlockState.class);
            ZOMBIE = MethodHandles.lookup().findVarHandle(BlockFields.class, "zombie", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** For a DMABUF attachment: the buffer (its fence is in {@link BlockFields}). */
    final DmaBuf dmabuf;

    Block(BlockQueue queue, BlockMapping mapping, int id, long size, long offset) {
        this(queue, mapping, id, size, offset, null);
    }

    Block(BlockQueue queue, BlockMapping mapping, int id, long size, long offset, DmaBuf dmabuf) {
        this.dmabuf = dmabuf;
        this.queue = queue;
        this.mapping = mapping;
        this.id = id;
        this.size = size;
        this.offset = offset;
        this.memory = mapping.slice(offset, size);
    }

    /**
     * The block cycle's transitions (QUEUED, ACTIVE, DONE, DEQUEUED), made under the queue lock:
     * a release store, not a volatile one. The only unlocked reader ({@link BlockQueue#map}) needs
     * to see the new state and the writes before it (release/acquire), not a total order with
     * other variables; on x86 this saves the full fence of a volatile store, four per cycle.
     */
    void transition(BlockState s) {
        STATE.setRelease(this, s);
    }

    /** The state change that races: completion (ACTIVE → DONE) against free (ACTIVE → DEAD). */
    boolean transition(BlockState expected, BlockState s) {
        return STATE.compareAndSet(this, expected, s);
    }

    /** Claims the release of a zombie's memory; true for exactly one caller. */
    boolean buryZombie() {
        return ZOMBIE.compareAndSet(this, true, false);
    }

    /**
     * {@return the block's id in its queue: 0, 1, … in allocation order (a new generation after
     * free starts over)}
     */
    public int id() {
        return id;
    }

    /** {@return the block's capacity in bytes, as allocated} */
    public long size() {
        return size;
    }

    /** {@return the block's offset in its queue's mapping (the seed API's mmap offset)} */
    public long offset() {
        return offset;
    }

    /** {@return bytes of valid data: set by the device on completion (input) or by the enqueue (output)} */
    public long bytesUsed() {
        return bytesUsed;
    }

    /** {@return the flags of its last enqueue ({@link BlockFlags})} */
    public int flags() {
        return flags;
    }

    /** {@return whether the block was enqueued CYCLIC: an output the device repeats until disabled} */
    public boolean isCyclic() {
        return (flags & BlockFlags.CYCLIC) != 0;
    }

    /** {@return {@link System#nanoTime()} of the block's first sample; 0 until the device completes it} */
    public long timestampNs() {
        return timestampNs;
    }

    /**
     * The index, counted from the enable that started this transfer, of the block's first scan:
     * input, the scan the device sampled first; output, the scan period the block started playing
     * in. Lost scans count too, so {@code firstScan} of the next block is always
     * {@code firstScan + scans + its lostBefore}. {@link #UNKNOWN} when the engine cannot tell;
     * meaningful once the device has completed the block.
     *
     * @return the scan index, or {@link #UNKNOWN}
     */
    public long firstScan() {
        return firstScan;
    }

    /**
     * Scans lost immediately before this block: input, samples the device took while it had no
     * block to fill (an overrun); output, scan periods it played silence for (an underrun). 0 when
     * the block follows the previous one without a gap; {@link #UNKNOWN} when the engine cannot tell.
     *
     * @return the scans lost, 0, or {@link #UNKNOWN}
     */
    public long lostBefore() {
        return lostBefore;
    }

    /**
     * {@return when the block was handed to the device ({@link System#nanoTime()}); engines use it
     * to tell overruns}
     */
    public long submitNanos() {
        return submitNanos;
    }

    /** {@return where the block is now; read without a lock, so only the owner's view is stable} */
    public BlockState state() {
        return state;
    }

    /** {@return the queue the block belongs to} */
    public BlockQueue queue() {
        return queue;
    }

    /**
     * Shorthand for {@code queue().map(this)}: the block's memory, while the application owns it.
     *
     * @return the whole block, {@link #size()} bytes; valid until the block is enqueued again
     * @throws io.jiio.IioException EBUSY while the device owns the block, EINVAL once it is freed
     */
    public MemorySegment segment() {
        return queue.map(this);
    }

    /**
     * The valid part of the block: {@code segment().asSlice(0, bytesUsed())} (allocates a slice).
     *
     * @return the first {@link #bytesUsed()} bytes
     * @throws io.jiio.IioException as {@link #segment()}
     */
    public MemorySegment data() {
        return segment().asSlice(0, bytesUsed);
    }

    /** {@return a snapshot of the block's fields, as BLOCK_QUERY would fill them} */
    public BlockInfo info() {
        return queue.snapshot(this);
    }

    @Override
    public String toString() {
        return "block " + id + " (" + state + ", " + bytesUsed + "/" + size + " bytes)";
    }
}
