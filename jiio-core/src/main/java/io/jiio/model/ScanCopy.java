package io.jiio.model;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies some channels of scans laid out one way into scans laid out another: the channels of
 * the target layout, taken from the source layout (which must hold them all). The plan is a list
 * of byte runs per scan, adjacent runs merged, made once; {@link #copy} allocates nothing, and when
 * the two layouts are the same it is a single copy of the whole range.
 */
public final class ScanCopy {
    private final long srcScan;
    private final long dstScan;
    private final int[] src;
    private final int[] dst;
    private final int[] len;

    private ScanCopy(long srcScan, long dstScan, int[] src, int[] dst, int[] len) {
        this.srcScan = srcScan;
        this.dstScan = dstScan;
        this.src = src;
        this.dst = dst;
        this.len = len;
    }

    /**
     * The plan for taking {@code to}'s channels out of scans laid out as {@code from}.
     *
     * @param from the source layout, holding every channel of {@code to}
     * @param to   the target layout
     * @return the plan; immutable, so one may serve many threads
     * @throws io.jiio.IioException EINVAL when {@code from} lacks a channel of {@code to}
     */
    public static ScanCopy between(ScanLayout from, ScanLayout to) {
        List<int[]> runs = new ArrayList<>();
        for (ScanLayout.Element e : to.elements()) {
            int s = from.offsetOf(e.channel());
            int n = e.format().elementBytes();
            int[] last = runs.isEmpty() ? null : runs.getLast();
            if (last != null && last[0] + last[2] == s && last[1] + last[2] == e.offset()) {
                last[2] += n;
            } else {
                runs.add(new int[] {s, e.offset(), n});
            }
        }
        int[] s = new int[runs.size()];
        int[] d = new int[runs.size()];
        int[] l = new int[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            s[i] = runs.get(i)[0];
            d[i] = runs.get(i)[1];
            l[i] = runs.get(i)[2];
        }
        return new ScanCopy(from.scanBytes(), to.scanBytes(), s, d, l);
    }

    /** {@return bytes of a source scan} */
    public long sourceScanBytes() {
        return srcScan;
    }

    /** {@return bytes of a target scan} */
    public long targetScanBytes() {
        return dstScan;
    }

    /**
     * Copies {@code scans} scans starting at source scan {@code firstScan} of {@code from} to the start
     * of {@code to}; padding bytes of the target are left as they are.
     *
     * @param from      the source scans
     * @param firstScan the first source scan to copy
     * @param to        where the target scans go, from offset 0; room for {@code scans} of them
     * @param scans     how many scans
     */
    public void copy(MemorySegment from, long firstScan, MemorySegment to, long scans) {
        if (src.length == 1 && len[0] == srcScan && srcScan == dstScan) {
            MemorySegment.copy(from, firstScan * srcScan, to, 0, scans * srcScan);
            return;
        }
        long s = firstScan * srcScan;
        long d = 0;
        for (long i = 0; i < scans; i++, s += srcScan, d += dstScan) {
            for (int r = 0; r < src.length; r++) {
                MemorySegment.copy(from, s + src[r], to, d + dst[r], len[r]);
            }
        }
    }
}
