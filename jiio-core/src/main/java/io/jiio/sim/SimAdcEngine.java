package io.jiio.sim;

import io.jiio.buffer.Block;
import io.jiio.buffer.DmaCompletion;
import io.jiio.buffer.DmaEngine;
import io.jiio.buffer.SubmitQueue;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The simulated ADC's DMA: a thread that fills each submitted block with the next samples of the
 * waveform and completes it when the block's last sample is due on the sample clock. With a rate
 * of 0 it fills as soon as a block arrives, so nothing can overrun. Samples due while no block was
 * queued are lost and reported as an overrun, as real DMA would lose them.
 *
 * <p>In loopback mode there is no thread: the DAC's thread delivers played scans through
 * {@link #deliver}. Locking: the submitted blocks are a {@link SubmitQueue}; {@code lock} guards
 * the partly filled loopback block and is held while {@link #deliver} takes a block from it (lock
 * order: {@code lock}, then the submit queue's). Neither is held while calling the queue
 * ({@link DmaCompletion}), because the queue holds its own lock when it calls {@link #submit}.
 */
final class SimAdcEngine implements DmaEngine, LoopbackTap.Sink {
    private final SimAdc device;
    private final ScanLayout layout;
    private final long scanBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final SubmitQueue submitted = new SubmitQueue();
    private final BooleanSupplier stopped = submitted::stopping;

    private DmaCompletion completion;
    private Thread thread;
    private LoopbackTap tap;
    // loopback state, guarded by lock
    private LoopbackConverter converter;
    private Block current;
    private MemorySegment currentMemory;
    private long currentFill;
    private long currentTs;
    private boolean delivering;

    SimAdcEngine(SimAdc device, ScanLayout layout) {
        this.device = device;
        this.layout = layout;
        this.scanBytes = layout.scanBytes();
    }

    @Override
    public void start(DmaCompletion c) {
        completion = c;
        submitted.restart(c.waitStrategy());
        device.streaming(true);
        Waveform w = device.waveform();
        if (w == Waveform.LOOPBACK) {
            tap = device.loopbackTap();
            tap.attach(this);
            return;
        }
        SignalGenerator generator = new SignalGenerator(layout, w, device.period());
        long rate = device.effectiveRate();
        FilledBlocks once = w == Waveform.STATIC ? new FilledBlocks() : null;
        thread = Thread.ofPlatform().daemon().name("jiio-sim-adc").start(() -> run(generator, rate, once));
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
            joinQuietly(thread);
            thread = null;
        }
        if (tap != null) {
            tap.detach(this);
            tap = null;
        }
        lock.lock();
        try {
            while (delivering) {
                changed.awaitUninterruptibly();
            }
            submitted.clear();
            current = null;
            currentMemory = null;
        } finally {
            lock.unlock();
        }
        device.streaming(false);
    }

    /** The sample clock says exactly which scans had no block: every loss is reported. */
    @Override
    public boolean tracksLoss() {
        return true;
    }

    @Override
    public void close() {
        device.bufferClosed();
    }

    /** @param once for the static waveform, the blocks already written (null: fill every block) */
    private void run(SignalGenerator generator, long rate, FilledBlocks once) {
        if (rate > 0) {
            generator.warmUp(); // before the clock starts: its first blocks must not be late
        }
        long started = System.nanoTime();
        SampleClock clock = null;
        long n = 0;
        while (true) {
            Block b = submitted.take();
            if (b == null) {
                return;
            }
            MemorySegment m = submitted.takenMemory();
            if (rate > 0 && clock == null) {
                // The stream starts with its first block, as a DMA controller's first transfer does:
                // an enable with nothing queued (libiio 1.x enables, then enqueues) loses nothing.
                clock = new SampleClock(Math.max(started, b.submitNanos()), rate);
            }
            long scans = b.bytesUsed() / scanBytes;
            long ts;
            if (clock != null) {
                long lost = clock.samplesMissed(n, b.submitNanos());
                if (lost > 0) {
                    n += lost;
                    completion.overrun(lost);
                }
                ts = clock.timeOf(n);
                if (once == null || once.firstUse(b)) {
                    generator.fill(m, scans, n, ts, clock.nanosPerSample());
                }
                if (!SampleClock.waitUntil(clock.timeOf(n + scans), stopped)) {
                    return;
                }
            } else {
                ts = System.nanoTime();
                if (once == null || once.firstUse(b)) {
                    generator.fill(m, scans, n, ts, 0);
                }
            }
            n += scans;
            device.position(n);
            completion.blockDone(b, scans * scanBytes, ts);
        }
    }

    @Override
    public void deliver(ScanLayout source, MemorySegment data, long scans, long tsFirst, double nanosPerScan,
                        boolean lossless, BooleanSupplier cancelled) {
        long done = 0;
        while (done < scans) {
            Block b;
            MemorySegment m;
            long fill;
            long lost = 0;
            LoopbackConverter conv;
            lock.lock();
            try {
                if (submitted.stopping()) {
                    return;
                }
                if (current == null) {
                    Block next = submitted.poll(lossless, cancelled);
                    if (next == null && (submitted.stopping() || cancelled.getAsBoolean())) {
                        return;
                    }
                    if (next == null) {
                        lost = scans - done;
                    } else {
                        current = next;
                        currentMemory = submitted.takenMemory();
                        currentFill = 0;
                        currentTs = tsFirst + (long) (done * nanosPerScan);
                    }
                }
                if (converter == null || converter.source() != source) {
                    converter = new LoopbackConverter(source, layout, SimDac.CHANNELS);
                }
                conv = converter;
                b = current;
                m = currentMemory;
                fill = currentFill;
                delivering = lost == 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            if (lost > 0) {
                completion.overrun(lost);
                return;
            }
            long capacity = b.bytesUsed() / scanBytes;
            long n = Math.min(capacity - fill, scans - done);
            conv.copy(data, done, m, fill, n, tsFirst + (long) (done * nanosPerScan), nanosPerScan);
            done += n;
            boolean full = fill + n == capacity;
            long ts = currentTs;
            if (full) {
                device.position(device.position() + capacity);
                completion.blockDone(b, capacity * scanBytes, ts);
            }
            lock.lock();
            try {
                currentFill = fill + n;
                if (full) {
                    current = null;
                    currentMemory = null;
                }
                delivering = false;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
