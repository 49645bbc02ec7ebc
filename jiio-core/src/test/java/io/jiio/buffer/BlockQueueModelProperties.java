package io.jiio.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Direction;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Model-based property test of {@link BlockQueue} over a {@link ManualEngine}: random sequences of
 * block-API operations (valid and invalid) are applied both to the queue and to a small, independent
 * reference model written from the transition table in {@link BlockQueue}'s Javadoc. The model
 * predicts every outcome (block returned, exact errno, states, readiness, counters) and after every
 * step the whole observable state of the queue must equal the model's.
 *
 * <p>Where the class Javadoc and a method's own Javadoc disagree, the model follows the method:
 * {@code disable()} after {@code close()} is a no-op ("disabling a disabled queue is a no-op"),
 * and {@code map()} of a block freed by {@code close()} is EINVAL ("a freed one EINVAL") rather
 * than the class-level "any operation after close() fails with ENODEV".
 */
class BlockQueueModelProperties {
    static final int MAX_BLOCKS = 6;
    static final long MAX_BLOCK_SIZE = 8192;
    static final QueueConfig CONFIG = new QueueConfig(MAX_BLOCKS, MAX_BLOCK_SIZE);

    // ================================================================== operations

    enum RefKind { CURRENT, STALE, FOREIGN }

    /** A block operand: index into the current blocks, into the freed (stale) ones, or another queue's block. */
    record Ref(RefKind kind, int index) {
        @Override
        public String toString() {
            return kind == RefKind.FOREIGN ? "foreign" : kind.name().toLowerCase() + "#" + index;
        }
    }

    /** How an output enqueue picks bytesUsed, relative to the block (sizes vary per block). */
    enum UsedKind { FULL, SCANS, ZERO, NEGATIVE, PARTIAL_SCAN, OVER_SIZE, DEFAULT_ENQUEUE }

    /** How the device picks bytesUsed on completion. */
    enum DoneKind { FULL, SCANS, ZERO, ANY, NEGATIVE, OVER_SIZE }

    sealed interface Op permits Allocate, Enqueue, TryDequeue, DequeueNow, MapBlock, Query, Free, Enable,
            Disable, Complete, Lose, Close {
    }

    record Allocate(int count, long size) implements Op {
    }

    record Enqueue(Ref ref, UsedKind used, int r, int flags) implements Op {
    }

    record TryDequeue() implements Op {
    }

    record DequeueNow() implements Op {
    }

    record MapBlock(Ref ref) implements Op {
    }

    record Query(int id) implements Op {
    }

    record Free() implements Op {
    }

    record Enable() implements Op {
    }

    record Disable() implements Op {
    }

    record Complete(DoneKind used, int r, long timestampNs) implements Op {
    }

    record Close() implements Op {
    }

    /** The device reports {@code scans} lost (an overrun for input, an underrun for output). */
    record Lose(long scans) implements Op {
    }

    // ================================================================== the reference model

    /** The model's view of one block. */
    static final class MBlock {
        final Block real;
        final int id;
        final long size;
        BlockState state = BlockState.DEQUEUED;
        long bytesUsed;
        int flags;
        long timestampNs;
        long firstScan = Block.UNKNOWN;
        long lostBefore = Block.UNKNOWN;

        MBlock(Block real, int id, long size) {
            this.real = real;
            this.id = id;
            this.size = size;
        }
    }

    static final class Model {
        final Direction direction;
        final long scanBytes;
        boolean closed;
        boolean enabled;
        final List<MBlock> blocks = new ArrayList<>();
        final List<MBlock> stale = new ArrayList<>();
        final ArrayDeque<MBlock> incoming = new ArrayDeque<>();
        final ArrayDeque<MBlock> active = new ArrayDeque<>();
        final ArrayDeque<MBlock> outgoing = new ArrayDeque<>();
        /** What the ManualEngine holds (submitted, not yet completed or aborted). */
        final ArrayDeque<MBlock> inFlight = new ArrayDeque<>();
        long blocksCompleted;
        long bytesCompleted;
        long blocksAborted;
        /** Position accounting: where the next completion starts, less the loss reported since the last one. */
        long nextScan;
        long pendingLost;
        long gaps;
        long lostScans;

        Model(Direction direction, long scanBytes) {
            this.direction = direction;
            this.scanBytes = scanBytes;
        }

        long bytesAvailable() {
            long sum = 0;
            for (MBlock b : outgoing) {
                sum += b.bytesUsed;
            }
            return sum;
        }

        void submitIncoming() {
            MBlock b;
            while ((b = incoming.pollFirst()) != null) {
                b.state = BlockState.ACTIVE;
                active.addLast(b);
                inFlight.addLast(b);
            }
        }

        void disable() {
            if (!enabled) {
                return;
            }
            enabled = false;
            inFlight.clear();
            MBlock b;
            while ((b = active.pollFirst()) != null) {
                if (b.state == BlockState.DEAD) {
                    continue;
                }
                b.bytesUsed = 0;
                b.timestampNs = 0;
                b.firstScan = nextScan + pendingLost;
                b.lostBefore = 0;
                b.state = BlockState.DONE;
                blocksAborted++;
                outgoing.addLast(b);
            }
        }

        void free() {
            for (MBlock b : blocks) {
                b.state = BlockState.DEAD;
                stale.add(b);
            }
            blocks.clear();
            incoming.clear();
            outgoing.clear();
        }

        boolean isReady() {
            if (closed || blocks.isEmpty()) {
                return true;
            }
            if (outgoing.isEmpty()) {
                return false;
            }
            return direction == Direction.OUTPUT || bytesAvailable() >= 1 || active.isEmpty() && incoming.isEmpty();
        }
    }

    // ================================================================== the property

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
    void queueBehavesLikeTheModel(@ForAll Direction direction, @ForAll("scanBytes") long scanBytes,
                                  @ForAll("ops") List<Op> ops) {
        Run run = new Run(direction, scanBytes);
        run.run(ops);
        for (String event : EVENTS) {
            Statistics.label(event).collect(run.events.contains(event));
        }
        // The generator must keep reaching the interesting transitions, or the property proves little
        // (an absolute floor: a percentage threshold near the rarest events failed on unlucky seeds).
        for (String event : EVENTS) {
            Statistics.label(event).coverage(c -> c.check(true).count(n -> n >= 10));
        }
    }

    /** Interesting things a try may do; the coverage check below demands each is reached often enough. */
    static final List<String> EVENTS = List.of("dequeued data", "resubmitted a DONE block", "aborted on disable",
            "completed a freed ACTIVE block", "used a stale block", "rejected with EBUSY", "closed",
            "device error", "placed a loss");

    @Provide
    Arbitrary<Long> scanBytes() {
        return Arbitraries.of(1L, 4L, 4L, 6L);
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Ref> ref = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.integers().between(0, 7).map(i -> new Ref(RefKind.CURRENT, i))),
                Tuple.of(2, Arbitraries.integers().between(0, 7).map(i -> new Ref(RefKind.STALE, i))),
                Tuple.of(1, Arbitraries.just(new Ref(RefKind.FOREIGN, 0))));
        Arbitrary<Integer> count = Arbitraries.frequency(
                Tuple.of(1, -1), Tuple.of(1, 0), Tuple.of(6, 1), Tuple.of(6, 2), Tuple.of(3, 3), Tuple.of(1, 7));
        Arbitrary<Long> size = Arbitraries.frequency(
                Tuple.of(1, -4L), Tuple.of(1, 0L), Tuple.of(1, 1L), Tuple.of(1, 3L), Tuple.of(3, 4L),
                Tuple.of(2, 6L), Tuple.of(2, 12L), Tuple.of(3, 100L), Tuple.of(3, 4096L), Tuple.of(1, 8191L),
                Tuple.of(2, 8192L), Tuple.of(1, 8193L), Tuple.of(1, 1L << 20));
        Arbitrary<Integer> flags = Arbitraries.frequency(
                Tuple.of(12, 0), Tuple.of(4, BlockFlags.CYCLIC), Tuple.of(1, BlockFlags.RESERVED_0),
                Tuple.of(1, BlockFlags.RESERVED_0 | BlockFlags.CYCLIC), Tuple.of(1, 1 << 2),
                Tuple.of(1, 1 << 31), Tuple.of(1, 0x30 | BlockFlags.CYCLIC));
        Arbitrary<UsedKind> used = Arbitraries.frequency(
                Tuple.of(6, UsedKind.FULL), Tuple.of(6, UsedKind.SCANS), Tuple.of(1, UsedKind.ZERO),
                Tuple.of(1, UsedKind.NEGATIVE), Tuple.of(1, UsedKind.PARTIAL_SCAN), Tuple.of(1, UsedKind.OVER_SIZE),
                Tuple.of(3, UsedKind.DEFAULT_ENQUEUE));
        Arbitrary<DoneKind> done = Arbitraries.frequency(
                Tuple.of(6, DoneKind.FULL), Tuple.of(4, DoneKind.SCANS), Tuple.of(2, DoneKind.ZERO),
                Tuple.of(2, DoneKind.ANY), Tuple.of(1, DoneKind.NEGATIVE), Tuple.of(1, DoneKind.OVER_SIZE));
        Arbitrary<Integer> r = Arbitraries.integers().between(0, 1 << 20);

        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(8, Combinators.combine(count, size).as(Allocate::new)),
                Tuple.of(28, Combinators.combine(ref, used, r, flags).as(Enqueue::new)),
                Tuple.of(10, Arbitraries.just(new TryDequeue())),
                Tuple.of(3, Arbitraries.just(new DequeueNow())),
                Tuple.of(6, ref.map(MapBlock::new)),
                Tuple.of(4, Arbitraries.integers().between(-1, 7).map(Query::new)),
                Tuple.of(2, Arbitraries.just(new Free())),
                Tuple.of(8, Arbitraries.just(new Enable())),
                Tuple.of(4, Arbitraries.just(new Disable())),
                Tuple.of(24, Combinators.combine(done, r, Arbitraries.longs().between(1, Long.MAX_VALUE))
                        .as(Complete::new)),
                Tuple.of(6, Arbitraries.longs().between(0, 5000).map(Lose::new)),
                Tuple.of(1, Arbitraries.just(new Close())));
        // Most sequences start from a usable queue (some blocks, maybe enabled) so that they get deep
        // into the transitions instead of spending their steps on a queue without blocks.
        Arbitrary<List<Op>> start = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(List.<Op>of())),
                Tuple.of(6, Combinators.combine(
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.of(12L, 24L, 100L, 4096L, 8190L, 8192L),
                        Arbitraries.of(true, false)).as((n, bytes, on) -> on
                        ? List.<Op>of(new Allocate(n, bytes), new Enable())
                        : List.<Op>of(new Allocate(n, bytes)))));
        Arbitrary<List<Op>> rest = op.list().ofMaxSize(56).withSizeDistribution(RandomDistribution.uniform());
        return Combinators.combine(start, rest).as((a, b) -> {
            List<Op> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        });
    }

    // ================================================================== focused examples

    /**
     * Re-enqueueing a DONE output block with an invalid bytesUsed must fail without side effects:
     * the block stays DONE on the outgoing queue and can still be dequeued.
     */
    @Example
    void rejectedResubmitOfADoneBlockLeavesItOnTheOutgoingQueue() {
        ManualEngine engine = new ManualEngine();
        try (BlockQueue q = new BlockQueue("out", Direction.OUTPUT, engine, CONFIG, 4)) {
            Block b = q.allocate(1, 64).getFirst();
            q.enqueue(b, 64, 0);
            q.enable();
            engine.completeNext(64, 7);
            assertEquals(BlockState.DONE, b.state());
            assertEquals(1, q.blocksReady());
            assertEquals(64, q.bytesAvailable());

            IioException e = assertThrows(IioException.class, () -> q.enqueue(b, 3, 0));
            assertEquals(Errno.EINVAL, e.errno());

            assertEquals(BlockState.DONE, b.state(), "state after the rejected enqueue");
            assertEquals(1, q.blocksReady(), "blocksReady after the rejected enqueue");
            assertEquals(64, q.bytesAvailable(), "bytesAvailable after the rejected enqueue");
            assertSame(b, q.tryDequeue(), "the DONE block must still be dequeueable");
        }
    }

    /**
     * A device that reports an impossible bytesUsed gets an IllegalStateException, but the queue must
     * not lose the block: it is still the device's (ACTIVE) and disable() hands it back, aborted.
     */
    @Example
    void invalidCompletionDoesNotLoseTheBlock() {
        ManualEngine engine = new ManualEngine();
        try (BlockQueue q = new BlockQueue("in", Direction.INPUT, engine, CONFIG, 4)) {
            Block b = q.allocate(1, 64).getFirst();
            q.enqueue(b, 0, 0);
            q.enable();
            assertThrows(IllegalStateException.class, () -> engine.completeNext(65, 7));
            assertEquals(BlockState.ACTIVE, b.state());

            q.disable();
            assertEquals(BlockState.DONE, b.state(), "disable must hand the block back (aborted)");
            assertEquals(1, q.stats().blocksAborted());
            Block back = q.tryDequeue();
            assertSame(b, back);
            assertEquals(0, back.bytesUsed());
        }
    }

    // ================================================================== the interpreter

    /** One try: the queue under test, a foreign queue, the model, and the step log for messages. */
    static final class Run {
        final Direction direction;
        final long scanBytes;
        final ManualEngine engine = new ManualEngine();
        final BlockQueue queue;
        final BlockQueue foreignQueue;
        final Block foreign;
        final Model m;
        final List<String> log = new ArrayList<>();
        final Set<String> events = new HashSet<>();

        Run(Direction direction, long scanBytes) {
            this.direction = direction;
            this.scanBytes = scanBytes;
            this.queue = new BlockQueue("q", direction, engine, CONFIG, scanBytes);
            this.foreignQueue = new BlockQueue("other", direction, new ManualEngine(), CONFIG, scanBytes);
            this.foreign = foreignQueue.allocate(1, 8 * scanBytes).getFirst();
            this.m = new Model(direction, scanBytes);
        }

        void run(List<Op> ops) {
            try {
                check();
                for (Op op : ops) {
                    log.add(op.toString());
                    apply(op);
                    check();
                }
            } finally {
                try {
                    queue.close();
                    foreignQueue.close();
                } catch (RuntimeException | AssertionError ignored) {
                    // the assertion that failed matters more
                }
            }
        }

        String where() {
            return " [" + direction + ", scanBytes " + scanBytes + "; steps: " + String.join("; ", log) + "]";
        }

        /** Runs {@code action} expecting IioException {@code errno}, or success when errno is null. */
        <T> T expect(Errno errno, Supplier<T> action) {
            if (errno != null) {
                events.add("rejected with " + errno);
            }
            if (errno == null) {
                try {
                    return action.get();
                } catch (IioException e) {
                    throw new AssertionError("unexpected " + e + where(), e);
                }
            }
            IioException e = assertThrows(IioException.class, action::get, "expected " + errno + where());
            assertEquals(errno, e.errno(), "errno of \"" + e.getMessage() + "\"" + where());
            return null;
        }

        void expectRun(Errno errno, Runnable action) {
            expect(errno, () -> {
                action.run();
                return null;
            });
        }

        /** The model block and the real block an operand names, or null when there is none. */
        MBlock resolve(Ref ref) {
            if (ref.kind() == RefKind.STALE && !m.stale.isEmpty()) {
                events.add("used a stale block");
            }
            return switch (ref.kind()) {
                case CURRENT -> m.blocks.isEmpty() ? null : m.blocks.get(ref.index() % m.blocks.size());
                case STALE -> m.stale.isEmpty() ? null : m.stale.get(ref.index() % m.stale.size());
                case FOREIGN -> null;
            };
        }

        void apply(Op op) {
            switch (op) {
                case Allocate a -> allocate(a);
                case Enqueue e -> enqueue(e);
                case TryDequeue t -> dequeue(false);
                case DequeueNow d -> dequeue(true);
                case MapBlock mb -> map(mb.ref());
                case Query qy -> query(qy.id());
                case Free f -> free();
                case Enable en -> enable();
                case Disable d -> {
                    long before = m.blocksAborted;
                    queue.disable();
                    m.disable();
                    if (m.blocksAborted > before) {
                        events.add("aborted on disable");
                    }
                }
                case Complete c -> complete(c);
                case Close c -> close();
                case Lose l -> lose(l);
            }
        }

        void allocate(Allocate a) {
            Errno err = m.closed ? Errno.ENODEV
                    : a.count() < 1 ? Errno.EINVAL
                    : a.size() < scanBytes ? Errno.EINVAL
                    : a.size() > MAX_BLOCK_SIZE ? Errno.EINVAL
                    : m.blocks.size() + a.count() > MAX_BLOCKS ? Errno.EINVAL
                    : null;
            List<Block> created = expect(err, () -> queue.allocate(a.count(), a.size()));
            if (err != null) {
                return;
            }
            assertEquals(a.count(), created.size(), "allocate returned" + where());
            for (Block b : created) {
                int id = m.blocks.size();
                assertEquals(id, b.id(), "new block id" + where());
                assertEquals(a.size(), b.size(), "new block size" + where());
                assertSame(queue, b.queue());
                assertEquals(0, b.offset() % BlockMapping.pageSize(), "offset page-aligned" + where());
                for (MBlock other : m.blocks) {
                    boolean disjoint = b.offset() >= other.real.offset() + other.size
                            || other.real.offset() >= b.offset() + b.size();
                    assertTrue(disjoint, "block " + id + " overlaps block " + other.id + where());
                }
                m.blocks.add(new MBlock(b, id, a.size()));
            }
        }

        void enqueue(Enqueue e) {
            MBlock mb = resolve(e.ref());
            boolean isForeign = e.ref().kind() == RefKind.FOREIGN;
            if (mb == null && !isForeign) {
                log.set(log.size() - 1, e + " (skipped: no such block)");
                return;
            }
            Block real = isForeign ? foreign : mb.real;
            boolean dflt = e.used() == UsedKind.DEFAULT_ENQUEUE;
            int flags = dflt ? 0 : e.flags();
            long size = real.size();
            long scans = size / scanBytes;
            long bytesUsed = switch (e.used()) {
                case FULL -> size;
                case SCANS -> (1 + e.r() % scans) * scanBytes;
                case ZERO -> 0;
                case NEGATIVE -> -scanBytes;
                case PARTIAL_SCAN -> scanBytes == 1 ? size + 1 : (e.r() % scans) * scanBytes + 1;
                case OVER_SIZE -> (scans + 1) * scanBytes;
                case DEFAULT_ENQUEUE -> direction == Direction.OUTPUT ? scans * scanBytes : 0;
            };
            Errno err;
            if (m.closed) {
                err = Errno.ENODEV;
            } else if (isForeign) {
                err = Errno.EINVAL;
            } else if ((flags & BlockFlags.RESERVED_0) != 0 || (flags & ~BlockFlags.CYCLIC) != 0) {
                err = Errno.EINVAL;
            } else if ((flags & BlockFlags.CYCLIC) != 0 && direction == Direction.INPUT) {
                err = Errno.EINVAL;
            } else {
                err = switch (mb.state) {
                    case ACTIVE -> Errno.EBUSY;
                    case DEAD -> Errno.EINVAL;
                    case QUEUED -> null;
                    case DEQUEUED, DONE -> direction == Direction.OUTPUT
                            && (bytesUsed < 1 || bytesUsed > size || bytesUsed % scanBytes != 0) ? Errno.EINVAL : null;
                };
            }
            expectRun(err, () -> {
                if (dflt) {
                    queue.enqueue(real);
                } else {
                    queue.enqueue(real, bytesUsed, flags);
                }
            });
            if (isForeign) {
                assertEquals(BlockState.DEQUEUED, foreign.state(), "foreign block untouched" + where());
                assertEquals(0, foreignQueue.blocksReady());
                return;
            }
            if (err != null || mb.state == BlockState.QUEUED) {
                return;
            }
            if (mb.state == BlockState.DONE) {
                events.add("resubmitted a DONE block");
                assertTrue(m.outgoing.remove(mb));
            }
            mb.bytesUsed = direction == Direction.OUTPUT ? bytesUsed : scans * scanBytes;
            mb.flags = flags;
            mb.timestampNs = 0;
            mb.firstScan = Block.UNKNOWN;
            mb.lostBefore = Block.UNKNOWN;
            mb.state = BlockState.QUEUED;
            m.incoming.addLast(mb);
            if (m.enabled) {
                m.submitIncoming();
            }
        }

        void dequeue(boolean blocking) {
            Errno err = m.closed ? Errno.ENODEV
                    : !m.outgoing.isEmpty() ? null
                    : m.blocks.isEmpty() ? Errno.EINVAL
                    : blocking ? Errno.ETIMEDOUT
                    : null;
            Block got = expect(err, () -> blocking ? queue.dequeue(0, TimeUnit.SECONDS) : queue.tryDequeue());
            if (err != null) {
                return;
            }
            MBlock head = m.outgoing.pollFirst();
            if (head == null) {
                assertNull(got, "tryDequeue with nothing completed" + where());
                return;
            }
            assertNotNull(got, "dequeue returned null, expected block " + head.id + where());
            assertSame(head.real, got, "dequeue returned block " + got.id() + ", expected " + head.id + where());
            head.state = BlockState.DEQUEUED;
            if (head.bytesUsed > 0) {
                events.add("dequeued data");
            }
        }

        void map(Ref ref) {
            MBlock mb = resolve(ref);
            boolean isForeign = ref.kind() == RefKind.FOREIGN;
            if (mb == null && !isForeign) {
                log.set(log.size() - 1, "map " + ref + " (skipped: no such block)");
                return;
            }
            Block real = isForeign ? foreign : mb.real;
            Errno err = isForeign ? Errno.EINVAL : expectedMapErrno(mb);
            MemorySegment seg = expect(err, () -> queue.map(real));
            if (err == null) {
                checkSegment(mb, seg);
            }
        }

        static Errno expectedMapErrno(MBlock mb) {
            return switch (mb.state) {
                case DEQUEUED -> null;
                case DEAD -> Errno.EINVAL;
                case QUEUED, ACTIVE, DONE -> Errno.EBUSY;
            };
        }

        void checkSegment(MBlock mb, MemorySegment seg) {
            assertEquals(mb.size, seg.byteSize(), "mapped size of block " + mb.id + where());
            assertSame(seg, queue.map(mb.real), "map is allocation-free: same segment each time" + where());
            byte v = (byte) (mb.id * 31 + 7);
            seg.set(ValueLayout.JAVA_BYTE, mb.size - 1, v);
            assertEquals(v, seg.get(ValueLayout.JAVA_BYTE, mb.size - 1));
        }

        void query(int id) {
            Errno err = m.closed ? Errno.ENODEV : id < 0 || id >= m.blocks.size() ? Errno.EINVAL : null;
            BlockInfo info = expect(err, () -> queue.query(id));
            if (err == null) {
                assertEquals(expectedInfo(m.blocks.get(id)), info, "query(" + id + ")" + where());
            }
        }

        static BlockInfo expectedInfo(MBlock b) {
            return new BlockInfo(b.id, b.size, b.bytesUsed, b.flags, b.timestampNs, b.real.offset(), b.state,
                    b.firstScan, b.lostBefore);
        }

        void free() {
            Errno err = m.closed ? Errno.ENODEV : m.blocks.isEmpty() ? Errno.EINVAL : null;
            expectRun(err, queue::free);
            if (err == null) {
                m.free();
            }
        }

        void enable() {
            Errno err = m.closed ? Errno.ENODEV : null;
            expectRun(err, queue::enable);
            if (err == null && !m.enabled) {
                m.enabled = true;
                m.nextScan = 0;
                m.pendingLost = 0;
                m.submitIncoming();
            }
        }

        void complete(Complete c) {
            MBlock b = m.inFlight.peekFirst();
            if (b == null) {
                log.set(log.size() - 1, c + " (skipped: nothing in flight)");
                return;
            }
            long scans = b.size / scanBytes;
            long used = switch (c.used()) {
                case FULL -> b.size;
                case SCANS -> (c.r() % (scans + 1)) * scanBytes;
                case ZERO -> 0;
                case ANY -> c.r() % (b.size + 1);
                case NEGATIVE -> -1;
                case OVER_SIZE -> b.size + 1 + c.r() % 3;
            };
            m.inFlight.pollFirst();
            if (b.state == BlockState.DEAD) {
                // Freed while ACTIVE: the device lets go of it; it is released, not reported.
                events.add("completed a freed ACTIVE block");
                Block done = engine.completeNext(used, c.timestampNs());
                assertSame(b.real, done);
                assertTrue(m.active.remove(b));
                return;
            }
            if (used < 0 || used > b.size) {
                events.add("device error");
                // A device bug: the queue refuses it and keeps the block (still the device's).
                assertThrows(IllegalStateException.class, () -> engine.completeNext(used, c.timestampNs()),
                        "completion with bytesUsed " + used + where());
                return;
            }
            Block done = engine.completeNext(used, c.timestampNs());
            assertSame(b.real, done, "ManualEngine completed an unexpected block" + where());
            assertTrue(m.active.remove(b));
            b.bytesUsed = used;
            b.timestampNs = c.timestampNs();
            b.lostBefore = m.pendingLost;
            b.firstScan = m.nextScan + m.pendingLost;
            m.nextScan = b.firstScan + used / scanBytes;
            if (m.pendingLost > 0) {
                events.add("placed a loss");
                m.gaps++;
                m.lostScans += m.pendingLost;
            }
            m.pendingLost = 0;
            b.state = BlockState.DONE;
            m.blocksCompleted++;
            m.bytesCompleted += used;
            m.outgoing.addLast(b);
        }

        void lose(Lose l) {
            if (engine.completion == null) {
                log.set(log.size() - 1, l + " (skipped: never enabled)");
                return;
            }
            if (direction == Direction.INPUT) {
                engine.completion.overrun(l.scans());
            } else {
                engine.completion.underrun(l.scans());
            }
            m.pendingLost += l.scans();
        }

        void close() {
            queue.close();
            if (m.closed) {
                return;
            }
            events.add("closed");
            m.disable();
            if (!m.blocks.isEmpty()) {
                m.free();
            }
            m.closed = true;
        }

        /** Model == queue, for everything observable. */
        void check() {
            String w = where();
            assertEquals(m.closed, queue.isClosed(), "isClosed" + w);
            assertEquals(m.closed, engine.closed, "engine closed" + w);
            assertEquals(m.enabled, queue.isEnabled(), "isEnabled" + w);
            assertEquals(m.outgoing.size(), queue.blocksReady(), "blocksReady" + w);
            assertEquals(m.bytesAvailable(), queue.bytesAvailable(), "bytesAvailable" + w);
            boolean in = direction == Direction.INPUT;
            assertEquals(new QueueStats(m.blocksCompleted, m.bytesCompleted, m.blocksAborted,
                    in ? m.gaps : 0, in ? m.lostScans : 0, in ? 0 : m.gaps, in ? 0 : m.lostScans,
                    true, m.pendingLost), queue.stats(), "stats" + w);
            assertEquals(m.isReady(), queue.isReady(), "isReady" + w);

            List<Block> blocks = queue.blocks();
            assertEquals(m.blocks.size(), blocks.size(), "number of blocks" + w);
            for (int i = 0; i < blocks.size(); i++) {
                MBlock mb = m.blocks.get(i);
                Block b = blocks.get(i);
                assertSame(mb.real, b, "blocks()[" + i + "]" + w);
                String what = "block " + mb.id;
                assertEquals(mb.state, b.state(), what + " state" + w);
                assertEquals(mb.bytesUsed, b.bytesUsed(), what + " bytesUsed" + w);
                assertEquals(mb.flags, b.flags(), what + " flags" + w);
                assertEquals(mb.timestampNs, b.timestampNs(), what + " timestampNs" + w);
                assertEquals(expectedInfo(mb), queue.query(mb.id), what + " query" + w);
                assertEquals(expectedInfo(mb), b.info(), what + " info" + w);
                Errno mapErr = expectedMapErrno(mb);
                MemorySegment seg = expect(mapErr, () -> queue.map(b));
                if (mapErr == null) {
                    checkSegment(mb, seg);
                }
            }
            for (MBlock mb : m.stale) {
                assertEquals(BlockState.DEAD, mb.real.state(), "stale block " + mb.id + " state" + w);
                expect(Errno.EINVAL, () -> queue.map(mb.real));
            }
            List<Block> inFlight;
            synchronized (engine) {
                inFlight = List.copyOf(engine.inFlight);
            }
            assertEquals(m.inFlight.size(), inFlight.size(), "blocks in flight on the device" + w);
            int i = 0;
            for (MBlock mb : m.inFlight) {
                assertSame(mb.real, inFlight.get(i++), "in-flight block order" + w);
            }
            for (MBlock mb : m.incoming) {
                assertEquals(BlockState.QUEUED, mb.state, "model: incoming blocks are QUEUED");
            }
            if (m.enabled) {
                assertTrue(m.incoming.isEmpty(), "model: nothing waits on incoming while enabled");
            }
            assertFalse(m.closed && !m.blocks.isEmpty(), "model: a closed queue has no blocks");
            assertEquals(BlockState.DEQUEUED, foreign.state(), "foreign block untouched" + w);
        }
    }
}
