package io.jiio.recording;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.DmaCompletion;
import io.jiio.buffer.DmaEngine;
import io.jiio.buffer.SubmitQueue;
import io.jiio.model.ScanCopy;
import io.jiio.sim.SampleClock;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The DMA of a replayed recording: a thread copies the next scans of the data file (mapped) into
 * each submitted block, paced by the sample clock at the device's {@code sampling_frequency} (0:
 * as fast as blocks come), and completes it. The recording's own losses are replayed as losses: a
 * block ends where the recording has a gap and the gap is reported as an overrun before the next,
 * so a reader of a recording learns of them as it would have live. Scans due while no block was
 * queued are lost and reported, as on a device. At the end of the data the recording starts again
 * ({@code loop}) or the queue fails with ENODATA ("end of recording") once the last block is out.
 */
final class ReplayEngine implements DmaEngine {
    private final ReplayDevice device;
    private final ScanCopy picker;
    private final SubmitQueue submitted = new SubmitQueue();
    private final BooleanSupplier stopped = submitted::stopping;
    private DmaCompletion completion;
    private BlockQueue queue;
    private Thread thread;

    ReplayEngine(ReplayDevice device, ScanCopy picker) {
        this.device = device;
        this.picker = picker;
    }

    void queue(BlockQueue q) {
        this.queue = q;
    }

    @Override
    public void start(DmaCompletion c) {
        completion = c;
        submitted.restart(c.waitStrategy());
        long rate = device.rate();
        boolean loop = device.loop();
        device.replaying(true);
        thread = Thread.ofPlatform().daemon().name("jiio-sigmf-replay").start(() -> run(rate, loop));
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
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
            device.replaying(false);
        }
        submitted.clear();
    }

    /** Every loss is reported: the recording's own (from its annotations) and the replay's overruns. */
    @Override
    public boolean tracksLoss() {
        return true;
    }

    @Override
    public void close() {
    }

    private void run(long rate, boolean loop) {
        MemorySegment data = device.data();
        long total = device.scans();
        List<SigmfMeta.Loss> gaps = device.losses();
        int nextGap = 0;
        long pos = 0; // the next scan of the file
        long n = 0; // scans of the stream so far (the clock's count)
        SampleClock clock = null;
        while (true) {
            if (pos == total) {
                if (!loop || total == 0) {
                    end();
                    return;
                }
                pos = 0;
                nextGap = 0;
            }
            Block b = submitted.take();
            if (b == null) {
                return;
            }
            MemorySegment m = submitted.takenMemory();
            if (rate > 0 && clock == null) {
                clock = new SampleClock(b.submitNanos(), rate);
            }
            if (clock != null) {
                long missed = clock.samplesMissed(n, b.submitNanos());
                if (missed > 0) {
                    completion.overrun(missed);
                    n += missed;
                    pos = loop && total > 0 ? (pos + missed) % total : Math.min(total, pos + missed);
                    while (nextGap < gaps.size() && gaps.get(nextGap).sampleStart() <= pos) {
                        nextGap++;
                    }
                }
            }
            if (nextGap < gaps.size() && gaps.get(nextGap).sampleStart() == pos) {
                SigmfMeta.Loss g = gaps.get(nextGap++);
                if (g.scans() < 0) {
                    completion.lossUnknown();
                } else if (g.scans() > 0) {
                    completion.overrun(g.scans());
                }
            }
            long end = nextGap < gaps.size() ? gaps.get(nextGap).sampleStart() : total;
            long scans = Math.min(b.bytesUsed() / picker.targetScanBytes(), end - pos);
            long ts = clock != null ? clock.timeOf(n) : System.nanoTime();
            picker.copy(data, pos, m, scans);
            if (clock != null && !SampleClock.waitUntil(clock.timeOf(n + scans), stopped)) {
                return;
            }
            pos += scans;
            n += scans;
            completion.blockDone(b, scans * picker.targetScanBytes(), ts);
        }
    }

    /** The last scan is out: the queue ends with ENODATA once its completed blocks have been taken. */
    private void end() {
        BlockQueue q = queue;
        if (q != null) {
            // Not from here while the queue may hold its lock to call submit: on a thread of its own.
            Thread.ofPlatform().daemon().name("jiio-sigmf-end").start(() -> q.endOfData(new IioException(
                    Errno.ENODATA, "end of recording after " + device.scans() + " scans")));
        }
    }
}
