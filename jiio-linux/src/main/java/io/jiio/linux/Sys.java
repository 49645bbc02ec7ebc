package io.jiio.linux;

import java.lang.foreign.MemorySegment;

/**
 * The system calls the {@code local:} backend makes — the narrow seam between its state handling
 * and the kernel. {@link LinuxSys} calls libc through the FFM API; tests substitute a fake kernel.
 *
 * <p>Every method throws {@link io.jiio.IioException} carrying the call's errno, with a message
 * naming the call ({@code "ioctl IIO_BUFFER_DMABUF_ENQUEUE: Device or resource busy"}); callers
 * add what they were doing and on which file.
 */
public interface Sys {
    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_RDWR = 2;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;

    short POLLIN = 0x1;
    short POLLOUT = 0x4;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;
    short POLLNVAL = 0x20;

    /** {@code struct pollfd}: {@code int fd; short events; short revents;} — 8 bytes. */
    long POLLFD_SIZE = 8;
    long POLLFD_FD = 0;
    long POLLFD_EVENTS = 4;
    long POLLFD_REVENTS = 6;

    int open(String path, int flags);

    void close(int fd);

    /** Bytes read (0 at end of file); EAGAIN when a non-blocking fd has nothing. */
    long read(int fd, MemorySegment dst, long length);

    long write(int fd, MemorySegment src, long length);

    /** {@code ioctl(fd, request, arg)}; {@code arg} may be {@link MemorySegment#NULL}. */
    int ioctl(int fd, long request, MemorySegment arg);

    /** {@code mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_SHARED, fd, offset)}, sized to {@code length}. */
    MemorySegment mmap(int fd, long length, long offset);

    void munmap(MemorySegment mapping);

    /** {@code poll(fds, count, timeoutMs)}: how many fds have events; 0 on timeout. */
    int poll(MemorySegment fds, int count, int timeoutMs);

    /** A non-blocking, close-on-exec eventfd starting at 0 (the cancel signal of a buffer). */
    int eventfd();
}
