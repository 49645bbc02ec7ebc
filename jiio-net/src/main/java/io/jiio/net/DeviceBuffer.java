package io.jiio.net;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import io.jiio.model.ScanLayout;

/** A device buffer a client OPENed: capture ({@link RxStream}) or playback ({@link TxStream}). */
sealed interface DeviceBuffer permits RxStream, TxStream {
    Device device();

    boolean isInput();

    /** Stops and frees the buffer; {@code graceful}: output already queued is played first. */
    void close(boolean graceful);

    /**
     * The bytes of a buffer of {@code blocks} blocks of {@code samples} scans of {@code scan} bytes.
     *
     * @throws IioException ENOMEM when they pass the server's limit for one buffer
     */
    static long bytes(Device device, long samples, long scan, int blocks, long maxBytes) {
        if (samples < 1) {
            throw new IioException(Errno.EINVAL, "OPEN " + device.displayName() + ": samples count must be at least 1");
        }
        if (samples > maxBytes / scan / blocks) {
            throw new IioException(Errno.ENOMEM, "OPEN " + device.displayName() + ": " + blocks + " blocks of "
                    + samples + " samples of " + scan + " bytes exceed the server's limit of " + maxBytes
                    + " bytes for one buffer");
        }
        return samples * scan * blocks;
    }

    /**
     * Opens the device's buffer 0 with a queue sized for exactly {@code blocks} blocks of
     * {@code samples} scans, all of them within {@code maxBytes}.
     */
    static BlockQueue openQueue(Device device, long samples, ChannelMask mask, int blocks, long maxBytes) {
        long scan = ScanLayout.of(device, mask).scanBytes();
        long size = bytes(device, samples, scan, blocks, maxBytes) / blocks;
        QueueConfig cfg = new QueueConfig(blocks, Math.max(size, 4096));
        return device.openBuffer(0, mask, cfg);
    }
}
