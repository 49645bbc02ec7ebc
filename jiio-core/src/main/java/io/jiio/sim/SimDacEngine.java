package io.jiio.sim;

import io.jiio.buffer.Block;
import io.jiio.buffer.DmaCompletion;
import io.jiio.buffer.DmaEngine;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The simulated DAC's DMA: a thread that plays each submitted block on the sample clock (the
 * clock starts with the first block), hands what it plays to the loopback tap, and completes the
 * block when its last scan has been played. A cyclic block repeats until abort. A block that
 * arrives after the previous one ran out is an underrun: the scan periods without data are counted.
 * With a rate of 0 blocks play as fast as the loopback listener (if any) takes them.
 */
final class SimDacEngine implements DmaEngine {
    /** How often an unthrottled cyclic block repeats when nobody listens: not faster than this. */
    private static final long IDLE_REPEAT_NANOS = 1_000_000;

    private final SimDac device;
    private final ScanLayout layout;
    private final long scanBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Block> blocks = new ArrayDeque<>();
    private final ArrayDeque<MemorySegment> memories = new ArrayDeque<>();
    private final BooleanSupplier stopped = () -> this.stopping;

    private volatile boolean stopping;
    private DmaCompletion completion;
    private Thread thread;

    SimDacEngine(SimDac device, ScanLayout layout) {
        this.device = device;
        this.layout = layout;
        this.scanBytes = layout.scanBytes();
    }

    @Override
    public void start(DmaCompletion c) {
        completion = c;
        stopping = false;
        device.streaming(true);
        long rate = device.rate();
        thread = Thread.ofPlatform().daemon().name("jiio-sim-dac").start(() -> run(rate));
    }

    @Override
    public void submit(Block block, MemorySegment memory) {
        lock.lock();
        try {
            blocks.addLast(block);
            memories.addLast(memory);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void abort() {
        stopping = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread != null) {
            LockSupport.unpark(thread);
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        lock.lock();
        try {
            blocks.clear();
            memories.clear();
        } finally {
            lock.unlock();
        }
        device.streaming(false);
    }

    @Override
    public void close() {
        device.bufferClosed();
    }

    private void run(long rate) {
        LoopbackTap tap = device.loopbackTap();
        SampleClock clock = null;
        long m = 0;
        while (true) {
            Block b;
            MemorySegment mem;
            lock.lock();
            try {
                while (blocks.isEmpty() && !stopping) {
                    changed.awaitUninterruptibly();
                }
                if (stopping) {
                    return;
                }
                b = blocks.pollFirst();
                mem = memories.pollFirst();
            } finally {
                lock.unlock();
            }
            long scans = b.bytesUsed() / scanBytes;
            if (rate > 0) {
                if (clock == null) {
                    clock = new SampleClock(System.nanoTime(), rate);
                } else {
                    long gap = clock.samplesMissed(m, b.submitNanos());
                    if (gap > 0) {
                        completion.underrun(gap);
                        m += gap;
                    }
                }
            }
            long firstTs = clock != null ? clock.timeOf(m) : System.nanoTime();
            do {
                long ts = clock != null ? clock.timeOf(m) : System.nanoTime();
                device.lastPlayed(mem, layout);
                tap.deliver(layout, mem, scans, ts, clock != null ? clock.nanosPerSample() : 0, clock == null, stopped);
                if (clock != null) {
                    if (!SampleClock.waitUntil(clock.timeOf(m + scans), stopped)) {
                        return;
                    }
                } else if (b.isCyclic() && !tap.hasSink()) {
                    SampleClock.waitUntil(System.nanoTime() + IDLE_REPEAT_NANOS, stopped);
                }
                m += scans;
            } while (b.isCyclic() && !stopping);
            if (stopping) {
                return;
            }
            completion.blockDone(b, b.bytesUsed(), firstTs);
        }
    }
}
