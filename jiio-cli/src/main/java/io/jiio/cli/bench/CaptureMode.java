package io.jiio.cli.bench;

import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.WaitStrategy;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.ScanLayout;
import java.util.Locale;

/** The three ways to consume a capture, as {@code jiio read --mode} names them. */
public enum CaptureMode {
    /** The block API: dequeue a block, read it where it lies, enqueue it again. */
    BLOCK,
    /** DMA buffers: dequeue a fence, read the buffer inside its CPU-access bracket, enqueue it again. */
    DMABUF,
    /** read() semantics ({@code FileIo}): every scan copied into the caller's memory. */
    FILEIO;

    /** The unthrottled {@code static} sim-adc: the device costs no CPU per block (see the README). */
    public static final String STATIC_SIM = "sim:sim-adc.waveform=static,sim-adc.sampling_frequency=0";

    /** Blocks in circulation, as {@code jiio read}'s default {@code --blocks}. */
    public static final int BLOCKS = 4;

    /**
     * {@return the mode as {@code --mode} and the bench's rows spell it: {@code block},
     * {@code dmabuf}, {@code fileio}}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Opens sim-adc's buffer (all five channels, 16-byte scans) on {@code ctx}'s device and a
     * consumer of {@link #BLOCKS} blocks of {@code blockBytes}; closing the loop closes the queue.
     *
     * @param ctx        a context with sim-adc, usually {@link #STATIC_SIM}
     * @param blockBytes bytes per block (fileio: per read)
     * @return the running consumer, which the caller closes
     */
    public CaptureLoop open(Context ctx, long blockBytes) {
        return open(ctx, blockBytes, WaitStrategy.BLOCKING);
    }

    /**
     * As {@link #open(Context, long)}, the consumer and the sim's thread waiting with {@code wait}.
     *
     * @param ctx        a context with sim-adc
     * @param blockBytes bytes per block (fileio: per read)
     * @param wait       how both sides wait for the other
     * @return the running consumer, which the caller closes
     */
    public CaptureLoop open(Context ctx, long blockBytes, WaitStrategy wait) {
        Device adc = ctx.requireDevice("sim-adc");
        long scanBytes = ScanLayout.of(adc, adc.mask()).scanBytes();
        long blockScans = blockBytes / scanBytes;
        // fileio: the kernel's two blocks of ceil(length / 2) scans, the limit rounded up to 64 KiB
        // as jiio read does, whatever the page size.
        long half = (BLOCKS * blockScans * scanBytes + 1) / 2;
        QueueConfig config = this == FILEIO
                ? new QueueConfig(2, (half + 0xFFFF) & ~0xFFFFL)
                : new QueueConfig(BLOCKS, blockBytes);
        BlockQueue q = adc.openBuffer(0, adc.mask(), config.withWaitStrategy(wait));
        CaptureLoop loop;
        try {
            loop = switch (this) {
                case BLOCK -> StreamLoop.blocks(q, BLOCKS, blockBytes);
                case DMABUF -> StreamLoop.dmaBufs(q, BLOCKS, blockBytes);
                case FILEIO -> new FileIoLoop(q, BLOCKS * blockScans, blockBytes);
            };
        } catch (RuntimeException e) {
            q.close();
            throw e;
        }
        return new ClosingLoop(loop, q);
    }

    /** Closes the queue after the loop, so a caller has one thing to close. */
    private record ClosingLoop(CaptureLoop loop, BlockQueue queue) implements CaptureLoop {
        @Override
        public long next() {
            return loop.next();
        }

        @Override
        public long checksum() {
            return loop.checksum();
        }

        @Override
        public void close() {
            try {
                loop.close();
            } finally {
                queue.close();
            }
        }
    }
}
