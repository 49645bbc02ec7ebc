package io.jiio.recording;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * One io_uring: the raw ABI (io_uring_setup/enter/register and the mmapped rings), the way
 * liburing drives it, for writes only. Layouts, as in {@code include/uapi/linux/io_uring.h}:
 * <pre>
 *  io_uring_params (120 bytes): sq_entries@0 cq_entries@4 flags@8 sq_thread_cpu@12
 *    sq_thread_idle@16 features@20 wq_fd@24 resv[3]@28 sq_off@40 cq_off@80
 *  io_sqring_offsets (40): head@0 tail@4 ring_mask@8 ring_entries@12 flags@16 dropped@20
 *    array@24 resv1@28 user_addr@32
 *  io_cqring_offsets (40): head@0 tail@4 ring_mask@8 ring_entries@12 overflow@16 cqes@20
 *    flags@24 resv1@28 user_addr@32
 *  io_uring_sqe (64): opcode@0(u8) flags@1 ioprio@2 fd@4 off@8 addr@16 len@24 rw_flags@28
 *    user_data@32 buf_index@40(u16) personality@42 splice_fd_in@44 addr3@48 pad@56
 *  io_uring_cqe (16): user_data@0 res@8 flags@12
 * </pre>
 * The SQ tail and CQ head are ours (release stores), the SQ head and CQ tail the kernel's
 * (acquire loads). One thread uses a ring at a time; submit and reap allocate nothing.
 */
final class Uring implements AutoCloseable {
    static final byte IORING_OP_WRITE_FIXED = 5;
    static final byte IORING_OP_WRITE = 23;
    private static final int IORING_ENTER_GETEVENTS = 1;
    private static final int IORING_FEAT_SINGLE_MMAP = 1;
    private static final int IORING_REGISTER_BUFFERS = 0;
    private static final long IORING_OFF_SQ_RING = 0L;
    private static final long IORING_OFF_CQ_RING = 0x8000000L;
    private static final long IORING_OFF_SQES = 0x10000000L;
    private static final int SQE_SIZE = 64;
    private static final int CQE_SIZE = 16;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final Libc libc;
    private final Arena arena = Arena.ofShared();
    private final int ringFd;
    private final MemorySegment sq;
    private final MemorySegment cq;
    private final MemorySegment sqes;
    private final int sqHead;
    private final int sqTail;
    private final int sqMask;
    private final int sqArray;
    private final int entries;
    private final int cqHead;
    private final int cqTail;
    private final int cqMask;
    private final int cqes;
    private final boolean singleMmap;
    /** Result of the last {@link #reap}: the completed request's user_data and res. */
    long lastUserData;
    int lastRes;

    Uring(Libc libc, int entries) {
        this.libc = libc;
        MemorySegment p = arena.allocate(120, 8);
        ringFd = (int) libc.syscall(Libc.SYS_IO_URING_SETUP, entries, p.address(), 0, 0, 0, 0, "io_uring_setup");
        try {
            this.entries = p.get(ValueLayout.JAVA_INT, 0);
            int cqEntries = p.get(ValueLayout.JAVA_INT, 4);
            int features = p.get(ValueLayout.JAVA_INT, 20);
            int sqOff = 40;
            int cqOff = 80;
            sqHead = p.get(ValueLayout.JAVA_INT, sqOff);
            sqTail = p.get(ValueLayout.JAVA_INT, sqOff + 4);
            int sqMaskOff = p.get(ValueLayout.JAVA_INT, sqOff + 8);
            sqArray = p.get(ValueLayout.JAVA_INT, sqOff + 24);
            cqHead = p.get(ValueLayout.JAVA_INT, cqOff);
            cqTail = p.get(ValueLayout.JAVA_INT, cqOff + 4);
            int cqMaskOff = p.get(ValueLayout.JAVA_INT, cqOff + 8);
            cqes = p.get(ValueLayout.JAVA_INT, cqOff + 20);
            long sqSize = sqArray + (long) this.entries * 4;
            long cqSize = cqes + (long) cqEntries * CQE_SIZE;
            singleMmap = (features & IORING_FEAT_SINGLE_MMAP) != 0;
            if (singleMmap) {
                sq = libc.mmap(ringFd, Math.max(sqSize, cqSize), IORING_OFF_SQ_RING, "io_uring SQ/CQ ring");
                cq = sq;
            } else {
                sq = libc.mmap(ringFd, sqSize, IORING_OFF_SQ_RING, "io_uring SQ ring");
                cq = libc.mmap(ringFd, cqSize, IORING_OFF_CQ_RING, "io_uring CQ ring");
            }
            sqes = libc.mmap(ringFd, (long) this.entries * SQE_SIZE, IORING_OFF_SQES, "io_uring SQEs");
            sqMask = sq.get(ValueLayout.JAVA_INT, sqMaskOff);
            cqMask = cq.get(ValueLayout.JAVA_INT, cqMaskOff);
        } catch (RuntimeException e) {
            libc.close(ringFd);
            arena.close();
            throw e;
        }
    }

    /** Registers {@code buffers} as fixed buffers 0..n-1 (the kernel pins them). */
    void registerBuffers(List<MemorySegment> buffers) {
        MemorySegment iov = arena.allocate(16L * buffers.size(), 8);
        for (int i = 0; i < buffers.size(); i++) {
            iov.set(ValueLayout.JAVA_LONG, 16L * i, buffers.get(i).address());
            iov.set(ValueLayout.JAVA_LONG, 16L * i + 8, buffers.get(i).byteSize());
        }
        libc.syscall(Libc.SYS_IO_URING_REGISTER, ringFd, IORING_REGISTER_BUFFERS, iov.address(), buffers.size(), 0, 0,
                "io_uring_register(IORING_REGISTER_BUFFERS)");
    }

    int entries() {
        return entries;
    }

    /** Queues one write and submits it; false when the submission ring is full. */
    boolean write(int fd, MemorySegment data, long fileOffset, int fixedIndex, long userData) {
        int tail = (int) INT.get(sq, (long) sqTail);
        int head = (int) INT.getAcquire(sq, (long) sqHead);
        if (tail - head >= entries) {
            return false;
        }
        int idx = tail & sqMask;
        long at = (long) idx * SQE_SIZE;
        sqes.asSlice(at, SQE_SIZE).fill((byte) 0);
        sqes.set(ValueLayout.JAVA_BYTE, at, fixedIndex >= 0 ? IORING_OP_WRITE_FIXED : IORING_OP_WRITE);
        sqes.set(ValueLayout.JAVA_INT, at + 4, fd);
        sqes.set(ValueLayout.JAVA_LONG, at + 8, fileOffset);
        sqes.set(ValueLayout.JAVA_LONG, at + 16, data.address());
        sqes.set(ValueLayout.JAVA_INT, at + 24, (int) data.byteSize());
        sqes.set(ValueLayout.JAVA_LONG, at + 32, userData);
        sqes.set(ValueLayout.JAVA_SHORT, at + 40, (short) Math.max(0, fixedIndex));
        sq.set(ValueLayout.JAVA_INT, sqArray + 4L * idx, idx);
        INT.setRelease(sq, (long) sqTail, tail + 1);
        libc.syscall(Libc.SYS_IO_URING_ENTER, ringFd, 1, 0, 0, 0, 0, "io_uring_enter");
        return true;
    }

    /**
     * Takes one completion into {@link #lastUserData}/{@link #lastRes}, waiting for one when
     * {@code wait}; false when none is there (and none was waited for).
     */
    boolean reap(boolean wait) {
        while (true) {
            int head = (int) INT.get(cq, (long) cqHead);
            int tail = (int) INT.getAcquire(cq, (long) cqTail);
            if (head != tail) {
                long at = cqes + (long) (head & cqMask) * CQE_SIZE;
                lastUserData = cq.get(ValueLayout.JAVA_LONG, at);
                lastRes = cq.get(ValueLayout.JAVA_INT, at + 8);
                INT.setRelease(cq, (long) cqHead, head + 1);
                return true;
            }
            if (!wait) {
                return false;
            }
            try {
                libc.syscall(Libc.SYS_IO_URING_ENTER, ringFd, 0, 1, IORING_ENTER_GETEVENTS, 0, 0, "io_uring_enter(GETEVENTS)");
            } catch (IioException e) {
                if (e.errno() != Errno.EINTR) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        libc.munmap(sqes);
        libc.munmap(sq);
        if (!singleMmap) {
            libc.munmap(cq);
        }
        libc.close(ringFd);
        arena.close();
    }
}
