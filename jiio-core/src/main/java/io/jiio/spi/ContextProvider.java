package io.jiio.spi;

import io.jiio.model.Context;

/**
 * A URI scheme's factory, found through {@link java.util.ServiceLoader}: the {@code sim:} provider
 * lives in jiio-core, {@code local:} and {@code ip:} in their own modules, so adding a module to
 * the class path is all it takes to make its scheme available.
 */
public interface ContextProvider {
    /** {@return the scheme without the colon: {@code sim}, {@code local}, {@code ip}} */
    String scheme();

    /**
     * Opens a context for a URI of this provider's scheme.
     *
     * @param uri the whole URI, scheme included
     * @return the open context, which the caller closes
     * @throws io.jiio.IioException EINVAL for a malformed URI, or the transport's errno
     */
    Context open(String uri);

    /**
     * Opens a context whose requests to the backend wait at most {@code timeoutMs}, with
     * {@link Context#open(String, long)}'s meaning ({@link Context#DEFAULT_TIMEOUT}: the backend's
     * own default; {@link Context#NO_TIMEOUT}: no limit). Backends without such waits (the
     * simulated devices, sysfs) need not override it.
     *
     * @param uri       the whole URI, scheme included
     * @param timeoutMs the limit in milliseconds, or one of the two constants
     * @return the open context
     */
    default Context open(String uri, long timeoutMs) {
        return open(uri);
    }
}
