package io.jiio.net.client;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Channel;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes a reader's own channels out of scans of a wider mask. An iiod server shares one capture
 * among all readers of a device and sends each the scans of the union of their masks, naming that
 * mask in READBUF's reply; the reader must keep only its own channels (as libiio does), or it would
 * store other readers' samples as its own.
 *
 * <p>The copy plan is a list of byte runs (source offset, destination offset, length) per scan,
 * adjacent runs merged, built once per server mask; {@link #pick} allocates nothing.
 */
final class ScanPicker {
    private final String serverHex;
    private final int srcScan;
    private final int dstScan;
    private final int[] src;
    private final int[] dst;
    private final int[] len;

    private ScanPicker(String serverHex, int srcScan, int dstScan, int[] src, int[] dst, int[] len) {
        this.serverHex = serverHex;
        this.srcScan = srcScan;
        this.dstScan = dstScan;
        this.src = src;
        this.dst = dst;
        this.len = len;
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
            throw new IioException(Errno.EPROTO, where + ": protocol error: READBUF's mask line: " + e.getMessage());
        }
        if (!own.isSubsetOf(server)) {
            throw new IioException(Errno.EPROTO, where + ": protocol error: the server sent scans of mask "
                    + serverHex + ", which lacks channels of this buffer's mask " + own.toHex());
        }
        ScanLayout from = ScanLayout.of(device, server);
        ScanLayout to = ScanLayout.of(device, own);
        List<int[]> runs = new ArrayList<>();
        for (ScanLayout.Element e : to.elements()) {
            Channel c = e.channel();
            int s = from.offsetOf(c);
            int n = e.format().elementBytes();
            int[] last = runs.isEmpty() ? null : runs.getLast();
            if (last != null && last[0] + last[2] == s && last[1] + last[2] == e.offset()) {
                last[2] += n;
            } else {
                runs.add(new int[] {s, e.offset(), n});
            }
        }
        int[] src = new int[runs.size()];
        int[] dst = new int[runs.size()];
        int[] len = new int[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            src[i] = runs.get(i)[0];
            dst[i] = runs.get(i)[1];
            len[i] = runs.get(i)[2];
        }
        return new ScanPicker(serverHex, from.scanBytes(), to.scanBytes(), src, dst, len);
    }

    /** Whether this plan was made for the mask line {@code hex}. */
    boolean isFor(String hex) {
        return serverHex.equals(hex);
    }

    /** Bytes of one scan as the server sends it. */
    int serverScanBytes() {
        return srcScan;
    }

    /**
     * Copies the reader's channels of {@code scans} scans from {@code from} (server layout) to
     * {@code to} (the reader's layout); padding bytes of {@code to} are left as they are.
     */
    void pick(MemorySegment from, MemorySegment to, long scans) {
        long s = 0;
        long d = 0;
        for (long i = 0; i < scans; i++, s += srcScan, d += dstScan) {
            for (int r = 0; r < src.length; r++) {
                MemorySegment.copy(from, s + src[r], to, d + dst[r], len[r]);
            }
        }
    }
}
