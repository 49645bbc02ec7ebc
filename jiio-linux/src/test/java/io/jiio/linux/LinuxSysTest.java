package io.jiio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FFM layer against the real kernel: errno capture, the variadic ioctl, mmap, poll, eventfd. */
class LinuxSysTest {
    private final Sys sys = LinuxSys.get();
    private final Arena arena = Arena.ofAuto();

    @TempDir
    Path dir;

    @Test
    void errnoComesBackWithTheCall() {
        IioException e = assertThrows(IioException.class,
                () -> sys.open(dir.resolve("missing").toString(), Sys.O_RDONLY));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("open " + dir.resolve("missing")), e.getMessage());
        assertEquals(Errno.EBADF, assertThrows(IioException.class, () -> sys.close(-1)).errno());
    }

    @Test
    void ioctlOnAPlainFileIsENOTTY() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        int fd = sys.open(f.toString(), Sys.O_RDWR);
        try {
            MemorySegment arg = arena.allocate(4);
            IioException e = assertThrows(IioException.class, () -> sys.ioctl(fd, Ioctl.IIO_BUFFER_GET_FD, arg));
            assertEquals(Errno.ENOTTY, e.errno());
            assertTrue(e.getMessage().contains("IIO_BUFFER_GET_FD"), e.getMessage());
            assertEquals(Errno.ENOTTY, assertThrows(IioException.class,
                    () -> sys.ioctl(fd, Ioctl.BLOCK_FREE, MemorySegment.NULL)).errno());
        } finally {
            sys.close(fd);
        }
    }

    @Test
    void readWriteAndMmapByOffset() throws Exception {
        Path f = dir.resolve("blocks");
        byte[] content = new byte[8192];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i / 4096 + 1);
        }
        Files.write(f, content);
        int fd = sys.open(f.toString(), Sys.O_RDWR);
        try {
            MemorySegment second = sys.mmap(fd, 4096, 4096);
            assertEquals(4096, second.byteSize());
            assertEquals(2, second.get(ValueLayout.JAVA_BYTE, 0));
            second.set(ValueLayout.JAVA_BYTE, 10, (byte) 99);
            sys.munmap(second);
            MemorySegment buf = arena.allocate(8192);
            assertEquals(8192, sys.read(fd, buf, 8192));
            assertEquals(99, buf.get(ValueLayout.JAVA_BYTE, 4096 + 10), "MAP_SHARED wrote through");
            assertEquals(0, sys.read(fd, buf, 8192), "end of file");
            assertEquals(Errno.EFAULT, assertThrows(IioException.class, () -> sys.read(fd, buf, 8193)).errno());
        } finally {
            sys.close(fd);
        }
    }

    @Test
    void pollSeesTheCancelEventfd() throws Exception {
        int efd = sys.eventfd();
        Path f = Files.writeString(dir.resolve("f"), "x");
        int fd = sys.open(f.toString(), Sys.O_RDONLY);
        try (Waiter w = new Waiter(sys, efd, () -> { })) {
            // A regular file is always readable.
            assertTrue(w.await(fd, Sys.POLLIN, () -> false));
            Waiter.cancel(sys, efd);
            // POLLOUT on a read-only regular file is still reported ready by the kernel, so ask for
            // an event a regular file never has to see the eventfd win.
            assertEquals(false, w.await(fd, (short) 0x2 /* POLLPRI */, () -> false));
            MemorySegment counter = arena.allocate(8);
            assertEquals(8, sys.read(efd, counter, 8));
            assertEquals(1L, counter.get(ValueLayout.JAVA_LONG, 0));
            assertEquals(Errno.EAGAIN, assertThrows(IioException.class, () -> sys.read(efd, counter, 8)).errno(),
                    "non-blocking eventfd, drained");
            assertEquals(false, w.await(fd, (short) 0x2, () -> true), "a stop is noticed without an event");
        } finally {
            sys.close(fd);
            sys.close(efd);
        }
    }
}
