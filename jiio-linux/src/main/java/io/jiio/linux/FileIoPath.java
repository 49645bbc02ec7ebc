package io.jiio.linux;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.MemorySegment;
import java.util.function.BooleanSupplier;

/**
 * read()/write() on the buffer's non-blocking fd, with poll() for readiness — the path every
 * kernel has. The kernel copies into (out of) the block's memory directly; it hands out whole
 * scans, but a stand-in (a FIFO) may not, so a partial scan is completed before returning.
 */
final class FileIoPath implements DataPath {
    private final Sys sys;
    private final int fd;
    private final long scanBytes;
    private final String what;

    FileIoPath(Sys sys, int fd, long scanBytes, String what) {
        this.sys = sys;
        this.fd = fd;
        this.scanBytes = scanBytes;
        this.what = what;
    }

    @Override
    public String label() {
        return "fileio";
    }

    @Override
    public void setup(long bytes, int count) {
        // The kernel sizes its two fileio blocks from the buffer's length; nothing to allocate here.
    }

    @Override
    public long fill(MemorySegment dst, long max, Waiter waiter, BooleanSupplier stopping) {
        long want = max / scanBytes * scanBytes;
        long got = 0;
        while (got == 0 || got % scanBytes != 0) {
            // poll() first: the fd from IIO_BUFFER_GET_FD is blocking, and a read() blocked in the
            // kernel could not be cancelled.
            if (!waiter.await(fd, Sys.POLLIN, stopping)) {
                return -1;
            }
            long n;
            try {
                n = sys.read(fd, dst.asSlice(got), want - got);
            } catch (IioException e) {
                if (e.errno() != Errno.EAGAIN) {
                    throw new IioException(e.errno(), what + ": read(): " + e.errno().description(), e);
                }
                continue;
            }
            if (n == 0) {
                throw new IioException(Errno.ENODEV, what + ": read() returned end of file (device gone?)");
            }
            got += n;
        }
        return got;
    }

    @Override
    public boolean drain(MemorySegment src, long bytes, boolean cyclic, Waiter waiter, BooleanSupplier stopping) {
        do {
            long done = 0;
            while (done < bytes) {
                if (!waiter.await(fd, Sys.POLLOUT, stopping)) {
                    return false;
                }
                long n;
                try {
                    n = sys.write(fd, src.asSlice(done), bytes - done);
                } catch (IioException e) {
                    if (e.errno() != Errno.EAGAIN) {
                        throw new IioException(e.errno(), what + ": write(): " + e.errno().description(), e);
                    }
                    n = 0;
                }
                done += n;
            }
            // read()/write() has no cyclic mode: the engine repeats the block itself until stopped.
        } while (cyclic && !stopping.getAsBoolean());
        return !cyclic;
    }

    @Override
    public void teardown() {
    }
}
