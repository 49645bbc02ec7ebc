package io.jiio;

/**
 * The Linux errno values jiio reports. The numbers are the kernel's (asm-generic/errno-base.h and
 * errno.h), so an error reads the same whether it came from the engine, a real driver's ioctl or a
 * remote iiod server (which sends them as negative integers).
 */
public enum Errno {
    /** Operation not permitted: the call does not fit the object (read on an output buffer). */
    EPERM(1, "Operation not permitted"),
    /** No such file or directory: an attribute, channel or file that is not there. */
    ENOENT(2, "No such file or directory"),
    /** Interrupted: a wait ended by the thread's interrupt, or a transfer cut short by a disable. */
    EINTR(4, "Interrupted system call"),
    /** I/O error: a failure with no better errno (and any errno jiio does not know, see {@link #of}). */
    EIO(5, "I/O error"),
    /** No such device or address: an unknown host, a trigger that is not in the context. */
    ENXIO(6, "No such device or address"),
    /** Bad file descriptor: the object (a stream, a DMA buffer, a server) is closed. */
    EBADF(9, "Bad file descriptor"),
    /** Try again: a non-blocking call found nothing to take (jiio's dequeue returns {@code null} instead). */
    EAGAIN(11, "Resource temporarily unavailable"),
    /** Out of memory: blocks or a buffer beyond what the device, the kernel or a limit grants. */
    ENOMEM(12, "Cannot allocate memory"),
    /** Permission denied: a file or port the process may not use. */
    EACCES(13, "Permission denied"),
    /** Bad address: memory that does not fit the call. */
    EFAULT(14, "Bad address"),
    /** Busy: the object is in use (a block the device holds, a device another client has open). */
    EBUSY(16, "Device or resource busy"),
    /** File exists. */
    EEXIST(17, "File exists"),
    /**
     * No such device: a device that is not in the context, or a queue, context or device that is
     * gone (closed).
     */
    ENODEV(19, "No such device"),
    /** Invalid argument: a value out of range, a block of another queue, a malformed URI. */
    EINVAL(22, "Invalid argument"),
    /**
     * Inappropriate ioctl: the kernel does not know the request (an older kernel's answer to a
     * newer API).
     */
    ENOTTY(25, "Inappropriate ioctl for device"),
    /** File too large. */
    EFBIG(27, "File too large"),
    /** No space left on device: a recording filled the disk. */
    ENOSPC(28, "No space left on device"),
    /** Read-only file system. */
    EROFS(30, "Read-only file system"),
    /** Broken pipe: the reader of stdout went away (a normal end for {@code jiio read | head}). */
    EPIPE(32, "Broken pipe"),
    /** Result out of range. */
    ERANGE(34, "Numerical result out of range"),
    /** Not implemented: no backend for a URI scheme, or a feature this platform or peer lacks. */
    ENOSYS(38, "Function not implemented"),
    /** No data: a replayed recording has ended. */
    ENODATA(61, "No data available"),
    /** Protocol error: a peer, the kernel or a file broke the format both sides agreed on. */
    EPROTO(71, "Protocol error"),
    /** Message too long: a request beyond a server's limits. */
    EMSGSIZE(90, "Message too long"),
    /** Not supported: the operation exists, but not for this object or data path. */
    EOPNOTSUPP(95, "Operation not supported"),
    /** Address in use: another server listens on that port. */
    EADDRINUSE(98, "Address already in use"),
    /** Address not available: no such local address to listen on. */
    EADDRNOTAVAIL(99, "Cannot assign requested address"),
    /** Connection reset: the peer closed or lost the connection. */
    ECONNRESET(104, "Connection reset by peer"),
    /** No buffer space available. */
    ENOBUFS(105, "No buffer space available"),
    /** Timed out: no block completed (or no reply came) within the timeout. */
    ETIMEDOUT(110, "Connection timed out"),
    /** Connection refused: nothing listens at that address. */
    ECONNREFUSED(111, "Connection refused"),
    /**
     * Canceled: the transfer was shut down (the buffer disabled or the connection closed) while it
     * waited.
     */
    ECANCELED(125, "Operation canceled");

    private final int code;
    private final String description;

    Errno(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** {@return the positive errno number, as in the kernel headers} */
    public int code() {
        return code;
    }

    /** {@return strerror()-style text, e.g. "Device or resource busy"} */
    public String description() {
        return description;
    }

    /**
     * Why a listening socket could not bind, from the JDK's {@link java.net.BindException} (which
     * keeps only the text): EADDRINUSE, EADDRNOTAVAIL (no such local address), EACCES (a privileged
     * port), else EIO.
     *
     * @param e what {@code bind} threw
     * @return the errno its message stands for
     */
    public static Errno ofBindFailure(java.net.BindException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("in use")) {
            return EADDRINUSE;
        }
        if (m.contains("assign requested address")) {
            return EADDRNOTAVAIL;
        }
        return m.contains("permission denied") ? EACCES : EIO;
    }

    /**
     * The errno with this number: what an iiod reply or a failed system call carries.
     *
     * @param code the number, positive or negative ({@code -errno}, as on the wire)
     * @return the errno, or {@link #EIO} when jiio does not know it
     */
    public static Errno of(int code) {
        int c = Math.abs(code);
        for (Errno e : values()) {
            if (e.code == c) {
                return e;
            }
        }
        return EIO;
    }
}
