package io.jiio.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Direction;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.List;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Model-based properties of {@link FileIo} over a {@link ManualEngine}: random interleavings of
 * device completions (full, partial, empty), disables and enables, and reads of random sizes
 * (input), or writes, flushes and plays (output), are applied to a FileIo and to a small model of
 * the kernel's fileio rules. Every byte carries its position in the stream, so any loss,
 * repetition or reordering shows; the model also predicts every return value, errno, the device's
 * in-flight count and {@link FileIo#dataAvailable()}.
 */
class FileIoProperties {
    private static final int[] SCAN_SIZES = {1, 2, 3, 4, 6, 8, 12, 16};

    /** The byte at stream position {@code i}: a hash, so shifted streams do not match by accident. */
    static byte streamByte(long i) {
        long x = (i + 1) * 0x9E3779B97F4A7C15L;
        return (byte) (x >>> 56 ^ x >>> 29);
    }

    // ================================================================== input

    @Property(tries = 1500, edgeCases = EdgeCasesMode.NONE)
    void readsReturnTheDeviceStreamExactlyAsTheModelPredicts(
            @ForAll @IntRange(min = 0, max = 7) int scanIndex,
            @ForAll @IntRange(min = 2, max = 20) int length,
            @ForAll @IntRange(min = 1, max = 20) int watermarkSeed,
            @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 9999) Integer> ops) {
        int s = SCAN_SIZES[scanIndex];
        int watermark = 1 + (watermarkSeed - 1) % length;
        ManualEngine engine = new ManualEngine();
        try (BlockQueue q = new BlockQueue("in", Direction.INPUT, engine, QueueConfig.defaults(), s);
             FileIo f = FileIo.open(q, length, watermark)) {
            long size = ((long) s * length + 1) / 2;
            long capScans = size / s;
            // --- the model
            int inFlight = 2;            // blocks with the device
            int queuedDisabled = 0;      // re-enqueued while disabled
            boolean enabled = true;
            ArrayDeque<Long> outgoing = new ArrayDeque<>(); // completed, not yet taken by FileIo (bytes)
            ArrayDeque<Long> held = new ArrayDeque<>();     // taken, with data (bytes)
            long pos = 0;
            long deviceIndex = 0;
            long readIndex = 0;
            byte[] buf = new byte[(int) (3 * size + 2 * s)];

            for (int op : ops) {
                int kind = op % 10;
                int arg = op / 10;
                switch (kind) {
                    case 0, 1, 2, 3 -> { // the device completes its oldest block with 0..capScans scans
                        if (inFlight == 0) {
                            break;
                        }
                        long scans = kind == 0 ? 0 : kind == 1 ? capScans : arg % (capScans + 1);
                        Block b;
                        synchronized (engine) {
                            b = engine.inFlight.peekFirst();
                        }
                        assertNotNull(b);
                        for (long i = 0; i < scans * s; i++) {
                            b.memory.set(ValueLayout.JAVA_BYTE, i, streamByte(deviceIndex + i));
                        }
                        deviceIndex += scans * s;
                        engine.completeNext(scans * s, 1);
                        inFlight--;
                        outgoing.addLast(scans * s);
                    }
                    case 4, 5, 6 -> { // a read of 0 .. 2.5 blocks' bytes
                        int req = arg % buf.length;
                        boolean nonBlocking = kind == 6;
                        if (req < s) {
                            q.setNonBlocking(nonBlocking);
                            IioException e = assertThrows(IioException.class, () -> f.read(buf, 0, req));
                            assertEquals(Errno.EINVAL, e.errno(), e.getMessage());
                            break;
                        }
                        // FileIo takes what has completed; empty blocks go straight back.
                        while (!outgoing.isEmpty()) {
                            long used = outgoing.pollFirst();
                            if (used > 0) {
                                held.addLast(used);
                            } else if (enabled) {
                                inFlight++;
                            } else {
                                queuedDisabled++;
                            }
                        }
                        long avail = held.stream().mapToLong(Long::longValue).sum() - pos;
                        long reqScans = req / s;
                        boolean wouldWait = avail < Math.min(reqScans, watermark) * s && held.size() < 2;
                        if (wouldWait) {
                            nonBlocking = true; // a blocking read would wait: ask without blocking instead
                        }
                        q.setNonBlocking(nonBlocking);
                        if (nonBlocking && avail == 0) {
                            IioException e = assertThrows(IioException.class, () -> f.read(buf, 0, req));
                            assertEquals(Errno.EAGAIN, e.errno(), e.getMessage());
                            break;
                        }
                        long expected = Math.min(reqScans * s, avail);
                        int n = f.read(buf, 0, req);
                        assertEquals(expected, n, "read of " + req + " bytes, " + avail + " available");
                        for (int i = 0; i < n; i++) {
                            if (buf[i] != streamByte(readIndex + i)) {
                                fail("byte " + (readIndex + i) + " of the stream is wrong");
                            }
                        }
                        readIndex += n;
                        long left = n;
                        while (left > 0) {
                            long inHead = held.peekFirst() - pos;
                            long take = Math.min(left, inHead);
                            pos += take;
                            left -= take;
                            if (pos == held.peekFirst()) {
                                held.pollFirst();
                                pos = 0;
                                if (enabled) {
                                    inFlight++;
                                } else {
                                    queuedDisabled++;
                                }
                            }
                        }
                    }
                    case 7 -> { // disable: the device's blocks come back empty
                        if (!enabled) {
                            break;
                        }
                        q.disable();
                        enabled = false;
                        for (int i = 0; i < inFlight; i++) {
                            outgoing.addLast(0L);
                        }
                        inFlight = 0;
                    }
                    case 8 -> { // enable: the blocks queued meanwhile go to the device
                        if (enabled) {
                            break;
                        }
                        q.enable();
                        enabled = true;
                        inFlight += queuedDisabled;
                        queuedDisabled = 0;
                    }
                    default -> { // dataAvailable only
                    }
                }
                long avail = held.stream().mapToLong(Long::longValue).sum() - pos
                        + outgoing.stream().mapToLong(Long::longValue).sum();
                assertEquals(avail, f.dataAvailable(), "dataAvailable after op " + op);
                assertEquals(inFlight, engine.inFlightCount(), "blocks with the device after op " + op);
                assertEquals(deviceIndex - readIndex, avail, "every byte the device wrote is read or readable");
            }
        }
    }

    // ================================================================== output

    @Property(tries = 1500, edgeCases = EdgeCasesMode.NONE)
    void theDevicePlaysExactlyWhatWasWrittenAsTheModelPredicts(
            @ForAll @IntRange(min = 0, max = 7) int scanIndex,
            @ForAll @IntRange(min = 2, max = 20) int length,
            @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 9999) Integer> ops) {
        int s = SCAN_SIZES[scanIndex];
        ManualEngine engine = new ManualEngine();
        try (BlockQueue q = new BlockQueue("out", Direction.OUTPUT, engine, QueueConfig.defaults(), s)) {
            FileIo f = FileIo.open(q, length);
            long size = ((long) s * length + 1) / 2;
            long cap = size / s * s;
            // --- the model
            int free = 2;                                      // held by FileIo, the head filled to pos
            long pos = 0;
            int drained = 0;                                   // played, not yet taken back
            ArrayDeque<Long> inFlight = new ArrayDeque<>();    // queued to the device (bytes)
            long writeIndex = 0;
            long playIndex = 0;
            byte[] src = new byte[(int) (3 * cap + s)];

            for (int op : ops) {
                int kind = op % 10;
                int arg = op / 10;
                switch (kind) {
                    case 0, 1, 2, 3 -> { // a write of whole scans, blocking only when it need not wait
                        int scans = 1 + arg % (src.length / s);
                        int bytes = scans * s;
                        free += drained;
                        drained = 0;
                        long space = free * cap - pos;
                        q.setNonBlocking(kind != 0 || space < bytes);
                        for (int i = 0; i < bytes; i++) {
                            src[i] = streamByte(writeIndex + i);
                        }
                        if (space == 0) {
                            IioException e = assertThrows(IioException.class, () -> f.write(src, 0, bytes));
                            assertEquals(Errno.EAGAIN, e.errno(), e.getMessage());
                            break;
                        }
                        long expected = Math.min(bytes, space);
                        assertEquals(expected, f.write(src, 0, bytes), "write of " + bytes + " with " + space + " free");
                        writeIndex += expected;
                        long left = expected;
                        while (left > 0) {
                            long take = Math.min(left, cap - pos);
                            pos += take;
                            left -= take;
                            if (pos == cap) {
                                inFlight.addLast(cap);
                                free--;
                                pos = 0;
                            }
                        }
                    }
                    case 4 -> { // a write of a partial scan
                        if (s == 1) {
                            break;
                        }
                        int bytes = s + 1 + arg % (s - 1);
                        IioException e = assertThrows(IioException.class, () -> f.write(src, 0, bytes));
                        assertEquals(Errno.EINVAL, e.errno(), e.getMessage());
                    }
                    case 5 -> { // flush
                        f.flush();
                        if (pos > 0) {
                            inFlight.addLast(pos);
                            free--;
                            pos = 0;
                        }
                    }
                    case 6, 7, 8 -> { // the device plays its oldest block
                        if (inFlight.isEmpty()) {
                            break;
                        }
                        Block b;
                        synchronized (engine) {
                            b = engine.inFlight.peekFirst();
                        }
                        long used = inFlight.pollFirst();
                        assertEquals(used, b.bytesUsed(), "bytesUsed of the block played");
                        for (long i = 0; i < used; i++) {
                            if (b.memory.get(ValueLayout.JAVA_BYTE, i) != streamByte(playIndex + i)) {
                                fail("played byte " + (playIndex + i) + " is not the one written");
                            }
                        }
                        playIndex += used;
                        engine.completeNext(used, 1);
                        drained++;
                    }
                    default -> { // dataAvailable only
                    }
                }
                assertEquals(free * cap - pos + drained * cap, f.dataAvailable(), "free space after op " + op);
                assertEquals(inFlight.size(), engine.inFlightCount(), "blocks with the device after op " + op);
                long queued = inFlight.stream().mapToLong(Long::longValue).sum();
                assertEquals(writeIndex, playIndex + queued + pos, "every byte written is played, queued or pending");
            }
            f.abort();
            assertEquals(List.of(), q.blocks());
        }
    }
}
