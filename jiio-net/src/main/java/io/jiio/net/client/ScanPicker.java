package io.jiio.net.client;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import io.jiio.model.ScanCopy;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;

/**
 * Takes a reader's own channels out of scans of a wider mask. An iiod server shares one capture
 * among all readers of a device and sends each the scans of the union of their masks, naming that
 * mask in READBUF's reply; the reader must keep only its own channels (as libiio does), or it would
 * store other readers' samples as its own.
 *
 * <p>The copy plan ({@link ScanCopy}) is built once per server mask; {@link #pick} allocates nothing.
 */
final class ScanPicker {
    private final String serverHex;
    private final ScanCopy copy;

    private ScanPicker(String serverHex, ScanCopy copy) {
        this.serverHex = serverHex;
        this.copy = copy;
    }

    /**
     * The plan for reading {@code own} out of scans of {@code serverHex} (the reply's mask line).
     *
     * @throws IioException EPROTO when the server's mask is malformed or lacks one of {@code own}'s channels
     */
    static ScanPicker of(Device device, ChannelMask own, String serverHex, String where) {
        ChannelMask server;
        try {
            server = ChannelMask.fromHex(serverHex, device.channels().size());
        } catch (IioException e) {
            throw new IioException(Errno.EPROTO, where + ": protocol error: READBUF's mask line: " + e.reason(), e);
        }
        if (!own.isSubsetOf(server)) {
            throw new IioException(Errno.EPROTO, where + ": protocol error: the server sent scans of mask "
                    + serverHex + ", which lacks channels of this buffer's mask " + own.toHex());
        }
        return new ScanPicker(serverHex, ScanCopy.between(ScanLayout.of(device, server), ScanLayout.of(device, own)));
    }

    /** Whether this plan was made for the mask line {@code hex}. */
    boolean isFor(String hex) {
        return serverHex.equals(hex);
    }

    /** Bytes of one scan as the server sends it. */
    int serverScanBytes() {
        return (int) copy.sourceScanBytes();
    }

    /**
     * Copies the reader's channels of {@code scans} scans from {@code from} (server layout) to
     * {@code to} (the reader's layout); padding bytes of {@code to} are left as they are.
     */
    void pick(MemorySegment from, MemorySegment to, long scans) {
        copy.copy(from, 0, to, scans);
    }
}
