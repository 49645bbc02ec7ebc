package io.jiio.linux;

import io.jiio.model.Device;
import io.jiio.model.ScanFormat;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * What one kernel buffer can tell about the scans it lost, and the telling: the {@link LocalEngine}
 * asks it, per completed input block, for the scans lost before the block and the block's
 * timestamp. The kernel reports no overrun itself, so the only witnesses are timestamps:
 * <pre>
 *  source                         decided at enable when                 precision
 *  scan stamps   (SCAN_STAMPS)    timestamp element enabled, rate known  exact while two stamps are off
 *                                                                        by < P/2 together (see ScanClock)
 *  kernel stamps (BLOCK_STAMPS)   block API zero-copy, the kernel filled  as the stamps: interrupt latency
 *                                 iio_buffer_block.timestamp before,      against P
 *                                 rate known
 *  nothing       (NONE)           otherwise: UNKNOWN, with the reason     —
 * </pre>
 * Where loss is tracked, the positions start at the first scan delivered after enable: scans lost
 * between enable and that scan have no earlier stamp to be measured against.
 *
 * <p><b>Where gaps can be.</b> A DMA transfer fills its block from one stream of the converter: when
 * the device has no block it stops and drops scans <em>between</em> blocks, never inside one, so
 * the zero-copy paths compare only a block's first stamp with the previous block's last (a
 * converter FIFO overflowing under a DMA transfer is invisible to the kernel and to us). The
 * read() path is different: the kernel's FIFO drops the scans that find it full, wherever the
 * reader happens to be, and the staging copy cuts kernel buffers into blocks of another size; so
 * {@link #capture} checks every scan and ends a block early at a gap, the scans after the gap
 * starting the next block. The application's own DMA buffers cannot end early (a fence carries no
 * byte count), so over a copying path their loss stays unknown.
 *
 * <p>Used by the engine thread only, except {@link #decide}, which the queue calls at enable while
 * that thread is not running.
 */
final class LossTracker {
    enum Source { SCAN_STAMPS, BLOCK_STAMPS, NONE }

    /** Where scans come from on the copying paths: bytes into {@code dst} (whole scans), -1 when stopped. */
    interface Scans {
        long fill(MemorySegment dst, long max);
    }

    private final SysfsFiles files;
    private final Path devicesDir;
    private final Path devDir;
    private final String deviceName;
    private final boolean output;
    private final long scanBytes;
    /** Byte offset of the timestamp element in a scan; -1 when none is enabled. */
    private final long stampOffset;
    private final ScanFormat stampFormat;
    private final String noStamps;
    private Source source = Source.NONE;
    private String description;
    private ScanClock clock;
    // of the block just captured or completed, read by the engine right after
    private long lostBefore;
    // scans read past a gap, owed to the next block
    private MemorySegment carry;
    private long carryFrom;
    private long carryTo;
    /** BLOCK_STAMPS: scans delivered since the start of the last stamped block. */
    private long stepsSinceStamp;

    LossTracker(SysfsFiles files, Path devicesDir, Path devDir, Device device, ScanLayout layout, boolean output) {
        this.files = files;
        this.devicesDir = devicesDir;
        this.devDir = devDir;
        this.deviceName = device.name();
        this.output = output;
        this.scanBytes = layout.scanBytes();
        ScanLayout.Element stamp = null;
        for (ScanLayout.Element e : layout.elements()) {
            if (e.channel().id().equals("timestamp")) {
                stamp = e;
            }
        }
        if (stamp != null && stamp.format().storageBits() == 64 && stamp.format().repeat() == 1) {
            stampOffset = stamp.offset();
            stampFormat = stamp.format();
            noStamps = null;
        } else {
            stampOffset = -1;
            stampFormat = null;
            noStamps = stamp != null ? "the timestamp element is " + stamp.format() + ", not 64 bits"
                    : device.channels().stream().anyMatch(c -> c.id().equals("timestamp") && c.isScanElement())
                    ? "timestamp channel not enabled" : "no timestamp channel";
        }
        description = output ? underrunsUnknown() : "loss: decided when the buffer is enabled";
    }

    /**
     * What a buffer of {@code device} would know of its losses with every channel enabled, now: the
     * context attribute {@code local,loss,<device>} that {@code jiio info} shows.
     */
    static String capability(SysfsFiles files, Path devicesDir, Path devDir, Device device) {
        boolean input = device.channels().stream().anyMatch(c -> c.isScanElement() && !c.isOutput());
        if (!input) {
            return underrunsUnknown();
        }
        if (device.channels().stream().noneMatch(c -> c.isScanElement() && c.id().equals("timestamp"))) {
            return "loss: unknown (no timestamp channel)";
        }
        SampleRate.Rate rate = SampleRate.of(files, devicesDir, devDir, device.name());
        return rate.known()
                ? "loss: counted from the timestamp channel, when enabled, at " + SampleRate.plain(rate.hz()) + " Hz ("
                        + rate.source() + ")"
                : "loss: unknown (" + rate.source() + ")";
    }

    private static String underrunsUnknown() {
        return "loss: unknown (the kernel reports no underrun)";
    }

    /**
     * Chooses the source for the session about to start, reading the scan rate now.
     * {@code kernelStamps}: the path hands back the kernel's own per-block timestamps and has
     * seen one that was set. {@code copyIntoDmaBufs}: the application streams DMA buffers of its
     * own through a copy — a gap inside one could not be shown, since a DMA buffer's transfer is
     * always whole (its fence carries no byte count), so the loss is not counted there.
     */
    boolean decide(boolean kernelStamps, boolean copyIntoDmaBufs) {
        source = Source.NONE;
        clock = null;
        if (output) {
            description = underrunsUnknown();
            return false;
        }
        if (copyIntoDmaBufs && noStamps == null) {
            description = "loss: unknown (the application's DMA buffers are copied into, and a gap inside one "
                    + "cannot be shown; stream blocks instead)";
            return false;
        }
        if (noStamps != null && !kernelStamps) {
            description = "loss: unknown (" + noStamps + ")";
            return false;
        }
        SampleRate.Rate rate = SampleRate.of(files, devicesDir, devDir, deviceName);
        if (!rate.known()) {
            description = "loss: unknown (" + rate.source() + ")";
            return false;
        }
        source = noStamps == null ? Source.SCAN_STAMPS : Source.BLOCK_STAMPS;
        clock = new ScanClock(rate.periodNs());
        description = "loss: counted from " + (source == Source.SCAN_STAMPS ? "the timestamp channel" : "the kernel's block timestamps")
                + " at " + SampleRate.plain(rate.hz()) + " Hz (" + rate.source() + ")";
        return true;
    }

    Source source() {
        return source;
    }

    /** {@code loss: counted from the timestamp channel at 1000 Hz (trigger0/sampling_frequency)}, or why it is unknown. */
    String description() {
        return description;
    }

    /** A new session: no stamp before the next one, nothing carried over. */
    void restart() {
        if (clock != null) {
            clock.restart();
        }
        carryFrom = carryTo = 0;
        lostBefore = 0;
        stepsSinceStamp = 0;
    }

    /** Scans lost immediately before the block just captured or completed. */
    long lostBefore() {
        return lostBefore;
    }

    /**
     * Copying paths: fills {@code dst} with up to {@code cap} bytes from what was carried over,
     * then from {@code scans}, and stops early at a gap inside the block. Returns the bytes of the
     * block, -1 when stopped; then {@link #lostBefore()} and {@link #firstStamp} describe it.
     */
    long capture(MemorySegment dst, long cap, Scans scans) {
        lostBefore = 0;
        long got = 0;
        while (got < cap) {
            long n;
            boolean carried = carryTo > carryFrom;
            if (carried) {
                n = Math.min(carryTo - carryFrom, cap - got);
                MemorySegment.copy(carry, carryFrom, dst, got, n);
                carryFrom += n;
            } else {
                n = scans.fill(dst.asSlice(got), cap - got);
                if (n < 0) {
                    return -1;
                }
            }
            long end = source == Source.SCAN_STAMPS ? contiguous(dst, got, got + n) : got + n;
            if (end < got + n) {
                if (carried) {
                    carryFrom -= got + n - end; // still in the carry, in order
                } else {
                    keep(dst, end, got + n);
                }
                return end;
            }
            got = end;
        }
        return got;
    }

    /**
     * Accepts the scans in {@code [from, to)} of {@code m} up to the first one that follows a gap;
     * returns where it stopped. A gap before the block's very first scan is the block's lostBefore.
     */
    private long contiguous(MemorySegment m, long from, long to) {
        for (long at = from; at < to; at += scanBytes) {
            long t = stampFormat.extract(m, at + stampOffset);
            long lost = clock.lost(t, 1);
            if (lost > 0) {
                if (at != 0) {
                    return at; // the block ends here; the scan is checked again as the next block's first
                }
                lostBefore = lost;
            }
            clock.accept(t);
        }
        return to;
    }

    /**
     * Keeps {@code [from, to)} of {@code m}, read from the device past a gap, for the next block
     * (the carry is empty then: the device is read only once it is). One copy, and only at a gap;
     * the carry grows to the largest such remainder once.
     */
    private void keep(MemorySegment m, long from, long to) {
        long n = to - from;
        if (carry == null || carry.byteSize() < n) {
            carry = MemorySegment.ofArray(new long[(int) ((n + 7) / 8)]);
        }
        MemorySegment.copy(m, from, carry, 0, n);
        carryFrom = 0;
        carryTo = n;
    }

    /**
     * The block's timestamp: its first scan's stamp when the scans carry one, else
     * {@code fallbackNs}. Call after {@link #capture} with the captured memory.
     */
    long firstStamp(MemorySegment m, long bytes, long fallbackNs) {
        return source == Source.SCAN_STAMPS && bytes > 0 ? stampFormat.extract(m, stampOffset) : fallbackNs;
    }

    /**
     * Zero-copy paths: a DMA transfer of {@code bytes} into {@code m} completed, with the kernel's
     * block timestamp {@code kernelStamp} (0: none). Sets {@link #lostBefore()}; returns the
     * block's timestamp — the first scan's stamp, else the kernel's, else {@code fallbackNs}.
     */
    long completed(MemorySegment m, long bytes, long kernelStamp, long fallbackNs) {
        lostBefore = 0;
        long scans = bytes / scanBytes;
        if (scans == 0) {
            return kernelStamp != 0 ? kernelStamp : fallbackNs;
        }
        if (source == Source.SCAN_STAMPS) {
            long first = stampFormat.extract(m, stampOffset);
            lostBefore = clock.lost(first, 1);
            // Inside a transfer the scans are contiguous (see the class comment): the last one's
            // stamp is where the next block is measured from.
            long lastStamp = stampFormat.extract(m, (scans - 1) * scanBytes + stampOffset);
            clock.accept(lastStamp);
            return first;
        }
        if (source == Source.BLOCK_STAMPS) {
            if (kernelStamp == 0) {
                stepsSinceStamp += scans; // measured at the next stamped block, across this one
            } else {
                // Between the stamps of two blocks lie the first block's scans and the loss. Read as
                // start or end of transfer, the same: input blocks here are all one size.
                lostBefore = clock.lost(kernelStamp, stepsSinceStamp);
                clock.accept(kernelStamp);
                stepsSinceStamp = scans;
            }
        }
        return kernelStamp != 0 ? kernelStamp : fallbackNs;
    }
}
