package io.jiio.sim;

import io.jiio.model.ScanFormat;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;

/**
 * Copies DAC scans into ADC scans for the loopback waveform: ADC channel with scan index k takes
 * the DAC channel with scan index {@code k mod dacChannels} (0 when that DAC channel is not
 * enabled); the ADC timestamp takes the time the DAC played the scan.
 */
final class LoopbackConverter {
    private final ScanLayout source;
    private final long srcScanBytes;
    private final long dstScanBytes;
    private final int[] dstOffsets;
    private final ScanFormat[] dstFormats;
    /** Source element offset for each destination element; -1: zero; -2: timestamp. */
    private final int[] srcOffsets;
    private final ScanFormat[] srcFormats;

    LoopbackConverter(ScanLayout source, ScanLayout destination, int dacChannels) {
        this.source = source;
        this.srcScanBytes = source.scanBytes();
        this.dstScanBytes = destination.scanBytes();
        int n = destination.elements().size();
        dstOffsets = new int[n];
        dstFormats = new ScanFormat[n];
        srcOffsets = new int[n];
        srcFormats = new ScanFormat[n];
        for (int i = 0; i < n; i++) {
            ScanLayout.Element d = destination.elements().get(i);
            dstOffsets[i] = d.offset();
            dstFormats[i] = d.format();
            if (SimAdc.TIMESTAMP.equals(d.channel().id())) {
                srcOffsets[i] = -2;
                continue;
            }
            srcOffsets[i] = -1;
            int wanted = d.channel().scanIndex() % dacChannels;
            for (ScanLayout.Element s : source.elements()) {
                if (s.channel().scanIndex() == wanted) {
                    srcOffsets[i] = s.offset();
                    srcFormats[i] = s.format();
                }
            }
        }
    }

    ScanLayout source() {
        return source;
    }

    void copy(MemorySegment src, long srcScan, MemorySegment dst, long dstScan, long scans,
              long tsFirst, double nanosPerScan) {
        for (int e = 0; e < dstOffsets.length; e++) {
            ScanFormat df = dstFormats[e];
            long dpos = dstScan * dstScanBytes + dstOffsets[e];
            int so = srcOffsets[e];
            if (so == -2) {
                for (long s = 0; s < scans; s++, dpos += dstScanBytes) {
                    df.store(dst, dpos, tsFirst + (long) (s * nanosPerScan));
                }
            } else if (so == -1) {
                for (long s = 0; s < scans; s++, dpos += dstScanBytes) {
                    df.store(dst, dpos, 0);
                }
            } else {
                ScanFormat sf = srcFormats[e];
                long spos = srcScan * srcScanBytes + so;
                for (long s = 0; s < scans; s++, dpos += dstScanBytes, spos += srcScanBytes) {
                    df.store(dst, dpos, sf.extract(src, spos));
                }
            }
        }
    }
}
