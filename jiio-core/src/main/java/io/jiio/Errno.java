package io.jiio;

/**
 * The Linux errno values jiio reports. The numbers are the kernel's (asm-generic/errno-base.h and
 * errno.h), so an error reads the same whether it came from the engine, a real driver's ioctl or a
 * remote iiod server (which sends them as negative integers).
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EINTR(4, "Interrupted system call"),
    EIO(5, "I/O error"),
    ENXIO(6, "No such device or address"),
    EBADF(9, "Bad file descriptor"),
    EAGAIN(11, "Resource temporarily unavailable"),
    ENOMEM(12, "Cannot allocate memory"),
    EACCES(13, "Permission denied"),
    EFAULT(14, "Bad address"),
    EBUSY(16, "Device or resource busy"),
    EEXIST(17, "File exists"),
    ENODEV(19, "No such device"),
    EINVAL(22, "Invalid argument"),
    ENOTTY(25, "Inappropriate ioctl for device"),
    EFBIG(27, "File too large"),
    ENOSPC(28, "No space left on device"),
    EROFS(30, "Read-only file system"),
    EPIPE(32, "Broken pipe"),
    ERANGE(34, "Numerical result out of range"),
    ENOSYS(38, "Function not implemented"),
    ENODATA(61, "No data available"),
    EPROTO(71, "Protocol error"),
    EMSGSIZE(90, "Message too long"),
    EOPNOTSUPP(95, "Operation not supported"),
    EADDRINUSE(98, "Address already in use"),
    EADDRNOTAVAIL(99, "Cannot assign requested address"),
    ECONNRESET(104, "Connection reset by peer"),
    ENOBUFS(105, "No buffer space available"),
    ETIMEDOUT(110, "Connection timed out"),
    ECONNREFUSED(111, "Connection refused"),
    ECANCELED(125, "Operation canceled");

    private final int code;
    private final String description;

    Errno(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The positive errno number, as in the kernel headers. */
    public int code() {
        return code;
    }

    /** strerror()-style text. */
    public String description() {
        return description;
    }

    /**
     * Why a listening socket could not bind, from the JDK's {@link java.net.BindException} (which
     * keeps only the text): EADDRINUSE, EADDRNOTAVAIL (no such local address), EACCES (a privileged
     * port), else EIO.
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

    /** The errno with this number, or {@link #EIO} when jiio does not know it. */
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
