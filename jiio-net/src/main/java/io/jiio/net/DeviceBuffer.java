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

    /** Opens the device's buffer 0 with a queue sized for exactly {@code blocks} blocks of {@code samples} scans. */
    static BlockQueue openQueue(Device device, long samples, ChannelMask mask, int blocks, long maxBytes) {
        if (samples < 1) {
            throw new IioException(Errno.EINVAL, "OPEN " + device.displayName() + ": samples count must be at least 1");
        }
        long scan = ScanLayout.of(device, mask).scanBytes();
        if (samples > maxBytes / scan) {
            throw new IioException(Errno.ENOMEM, "OPEN " + device.displayName() + ": " + samples + " samples of "
                    + scan + " bytes exceed the server's buffer limit of " + maxBytes + " bytes");
        }
        long size = samples * scan;
        QueueConfig cfg = new QueueConfig(blocks, Math.max(size, 4096));
        return device.openBuffer(0, mask, cfg);
    }
}
