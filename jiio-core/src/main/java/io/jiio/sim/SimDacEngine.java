package io.jiio.sim;

import io.jiio.buffer.Block;
import io.jiio.buffer.DmaCompletion;
import io.jiio.buffer.DmaEngine;
import io.jiio.buffer.SubmitQueue;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.LockSupport;
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
    private final SubmitQueue submitted = new SubmitQueue();
    private final BooleanSupplier stopped = submitted::stopping;

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
        submitted.restart(c.waitStrategy());
        device.streaming(true);
        long rate = device.rate();
        thread = Thread.ofPlatform().daemon().name("jiio-sim-dac").start(() -> run(rate));
    }

    @Override
    public void submit(Block block, MemorySegment memory) {
        submitted.submit(block);
    }

    @Override
    public void abort() {
        submitted.stop();
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
        submitted.clear();
        device.streaming(false);
    }

    /** The sample clock says exactly how long the DAC played silence: every underrun is reported. */
    @Override
    public boolean tracksLoss() {
        return true;
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
            Block b = submitted.take();
            if (b == null) {
                return;
            }
            MemorySegment mem = submitted.takenMemory();
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
            } while (b.isCyclic() && !submitted.stopping());
            if (submitted.stopping()) {
                return;
            }
            completion.blockDone(b, b.bytesUsed(), firstTs);
        }
    }
}
