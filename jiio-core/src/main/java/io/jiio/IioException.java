package io.jiio;

/**
 * Every failure jiio reports: an {@link Errno} plus a message that names the object involved and
 * its state (for example {@code "enqueue: block 3 is ACTIVE (owned by the device)"}).
 *
 * <p>Unchecked, like the state errors of java.util.concurrent, because most of them are
 * programming errors the caller cannot recover from locally; code that can (a non-blocking loop,
 * a server mapping errors onto the wire) switches on {@link #errno()}.
 */
public class IioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure (part of the serialized form). */
    private final Errno errno;

    /**
     * A failure.
     *
     * @param errno   what kind, as the kernel would say it
     * @param message what failed: the object, the operation and its state
     */
    public IioException(Errno errno, String message) {
        super(message);
        this.errno = errno;
    }

    /**
     * A failure with its underlying cause (an {@code IOException}, another {@code IioException}).
     *
     * @param errno   what kind, as the kernel would say it
     * @param message what failed: the object, the operation and its state
     * @param cause   what caused it
     */
    public IioException(Errno errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** {@return what kind of failure: what code that can recover switches on} */
    public Errno errno() {
        return errno;
    }

    /** {@return the value the iiod protocol puts on the wire for this error: {@code -errno}} */
    public int wireCode() {
        return -errno.code();
    }

    /** {@return the message without the errno suffix that {@link #getMessage()} adds} */
    public String reason() {
        return super.getMessage();
    }

    @Override
    public String getMessage() {
        return super.getMessage() + " (" + errno.name() + ")";
    }

    /**
     * An EINVAL failure: a caller's argument or call is wrong.
     *
     * @param message what was wrong
     * @return the exception, to throw
     */
    public static IioException invalid(String message) {
        return new IioException(Errno.EINVAL, message);
    }

    /**
     * An EBUSY failure: the object is in use.
     *
     * @param message by what
     * @return the exception, to throw
     */
    public static IioException busy(String message) {
        return new IioException(Errno.EBUSY, message);
    }
}
