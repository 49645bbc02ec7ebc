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
    /** {@code open(2)} flag: read only. */
    int O_RDONLY = 0;
    /** {@code open(2)} flag: write only. */
    int O_WRONLY = 1;
    /** {@code open(2)} flag: read and write. */
    int O_RDWR = 2;
    /** {@code open(2)} flag: reads, writes and dequeues answer EAGAIN rather than wait. */
    int O_NONBLOCK = 0x800;
    /** {@code open(2)} flag: not inherited by a child process. */
    int O_CLOEXEC = 0x80000;

    /** {@code poll(2)} event: there is data to read (an input block done). */
    short POLLIN = 0x1;
    /** {@code poll(2)} event: writing will not block (an output block done). */
    short POLLOUT = 0x4;
    /** {@code poll(2)} revent: an error on the fd. */
    short POLLERR = 0x8;
    /** {@code poll(2)} revent: hung up (the device went away). */
    short POLLHUP = 0x10;
    /** {@code poll(2)} revent: the fd is not open. */
    short POLLNVAL = 0x20;

    /** {@code struct pollfd}: {@code int fd; short events; short revents;} — 8 bytes. */
    long POLLFD_SIZE = 8;
    /** {@code pollfd.fd}. */
    long POLLFD_FD = 0;
    /** {@code pollfd.events}: what to wait for. */
    long POLLFD_EVENTS = 4;
    /** {@code pollfd.revents}: what happened. */
    long POLLFD_REVENTS = 6;

    /**
     * {@code open(path, flags)}.
     *
     * @param path  the file
     * @param flags the {@code O_} flags above, or'ed
     * @return the new file descriptor, which the caller closes
     */
    int open(String path, int flags);

    /**
     * {@code close(fd)}.
     *
     * @param fd a descriptor this seam opened
     */
    void close(int fd);

    /**
     * {@code read(fd, dst, length)}.
     *
     * @param fd     the descriptor
     * @param dst    where the bytes go, at least {@code length} long
     * @param length bytes to read at most
     * @return bytes read (0 at end of file); EAGAIN is thrown when a non-blocking fd has nothing
     */
    long read(int fd, MemorySegment dst, long length);

    /**
     * {@code write(fd, src, length)}.
     *
     * @param fd     the descriptor
     * @param src    the bytes, at least {@code length} long
     * @param length bytes to write at most
     * @return bytes written, possibly fewer than {@code length}
     */
    long write(int fd, MemorySegment src, long length);

    /**
     * {@code ioctl(fd, request, arg)}.
     *
     * @param fd      the descriptor
     * @param request the request number ({@link Ioctl})
     * @param arg     the request's struct, or {@link MemorySegment#NULL} for one without
     * @return the kernel's non-negative result (for some requests, a new file descriptor)
     */
    int ioctl(int fd, long request, MemorySegment arg);

    /**
     * {@code mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_SHARED, fd, offset)}.
     *
     * @param fd     the descriptor to map
     * @param length bytes to map
     * @param offset where in the fd's space (a block's {@code data.offset}); page-aligned
     * @return the mapping, sized to {@code length}; {@link #munmap} releases it
     */
    MemorySegment mmap(int fd, long length, long offset);

    /**
     * {@code munmap} of a mapping {@link #mmap} made.
     *
     * @param mapping the segment {@link #mmap} returned; unusable afterwards
     */
    void munmap(MemorySegment mapping);

    /**
     * {@code poll(fds, count, timeoutMs)}.
     *
     * @param fds       {@code count} {@code struct pollfd}s ({@link #POLLFD_SIZE} bytes each)
     * @param count     how many
     * @param timeoutMs how long to wait: -1 for ever, 0 not at all
     * @return how many fds have events; 0 on timeout
     */
    int poll(MemorySegment fds, int count, int timeoutMs);

    /** {@return a non-blocking, close-on-exec eventfd starting at 0 (the cancel signal of a buffer)} */
    int eventfd();
}
