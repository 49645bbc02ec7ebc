package io.jiio.cli;

import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.Transfer;
import java.util.Locale;

/**
 * How {@code jiio read} and {@code jiio write} move samples ({@code --mode}): the one place that
 * maps a mode to its queue limits, its {@link Capture} and its {@link Playback}.
 *
 * <ul>
 *   <li>{@code block}: {@code --blocks} blocks of {@code -b} scans from the queue's own mapping
 *       (the block API), zero-copy.</li>
 *   <li>{@code dmabuf}: {@code --blocks} DMA buffers of {@code -b} scans from the system heap,
 *       attached to the queue and ordered by fences, zero-copy.</li>
 *   <li>{@code fileio}: the read()/write() path, which copies. The kernel always uses two blocks;
 *       the buffer {@code length} is {@code --blocks × -b} scans (at least 2), so the samples in
 *       flight are as many as in the other modes, split into two blocks of {@code length/2}
 *       scans; each read or write moves up to {@code -b} scans.</li>
 * </ul>
 */
enum Mode {
    BLOCK("block"),
    DMABUF("dmabuf"),
    FILEIO("fileio");

    /**
     * The default: the fastest mode in jiio's own measurements (bin/compare-modes; the table is
     * in the README). The sim offers all three, so there is nothing to fall back from.
     */
    static final String FASTEST = "block";

    private final String label;

    Mode(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /**
     * The queue limits the mode needs for blocks of {@code blockBytes} ({@code -b} scans). When
     * {@code --mode} was given, it also asks the backend for the same kernel data path
     * ({@link Transfer}): on {@code local:}, {@code --mode dmabuf} means mainline DMABUFs,
     * {@code block} the block ioctls, {@code fileio} read()/write(); without it the backend picks.
     */
    QueueConfig config(StreamOptions options, long scanBytes, long blockBytes, boolean explicit) {
        QueueConfig c = switch (this) {
            case BLOCK, DMABUF -> new QueueConfig(options.blocks, blockBytes);
            case FILEIO -> new QueueConfig(2, options.fileIoBlockBytes(scanBytes));
        };
        return explicit ? c.withTransfer(transfer()) : c;
    }

    /** The kernel data path of the same name. */
    Transfer transfer() {
        return switch (this) {
            case BLOCK -> Transfer.BLOCK;
            case DMABUF -> Transfer.DMABUF;
            case FILEIO -> Transfer.FILEIO;
        };
    }

    /**
     * What {@code --stats} and the progress line call the mode: {@code block}, or with the
     * backend's own data path when it has one: {@code block (kernel: dmabuf)} on local:.
     */
    String describe(BlockQueue queue) {
        String path = queue.dataPath();
        return path.isEmpty() ? label : label + " (kernel: " + path + ")";
    }

    Capture openCapture(BlockQueue queue, StreamOptions options, long blockBytes) {
        return switch (this) {
            case BLOCK -> StreamCapture.blocks(queue, options.blocks, blockBytes);
            case DMABUF -> kernelDmabufs(queue)
                    ? StreamCapture.blocks(queue, options.blocks, blockBytes)
                    : StreamCapture.dmaBufs(queue, options.blocks, blockBytes);
            case FILEIO -> new FileIoCapture(queue, options.fileIoLengthScans(), blockBytes);
        };
    }

    Playback openPlayback(BlockQueue queue, StreamOptions options, long blockBytes) {
        return switch (this) {
            case BLOCK -> StreamPlayback.blocks(queue, options.blocks, blockBytes);
            case DMABUF -> kernelDmabufs(queue)
                    ? StreamPlayback.blocks(queue, options.blocks, blockBytes)
                    : StreamPlayback.dmaBufs(queue, options.blocks, blockBytes);
            case FILEIO -> new FileIoPlayback(queue, options.fileIoLengthScans(), blockBytes);
        };
    }

    /**
     * Whether the queue's blocks already are DMABUFs of the kernel ({@code local:} on the
     * mainline DMABUF path): then {@code --mode dmabuf} streams those blocks, zero-copy, rather
     * than DMA buffers of jiio's own, which would be copied into the kernel's.
     */
    static boolean kernelDmabufs(BlockQueue queue) {
        return "dmabuf".equals(queue.dataPath());
    }

    @Override
    public String toString() {
        return label;
    }

    /** {@code --mode block|dmabuf|fileio}, in any case; anything else is refused with the list. */
    static Mode parse(String value) {
        for (Mode m : values()) {
            if (m.label.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("not a mode: block, dmabuf or fileio");
    }
}
