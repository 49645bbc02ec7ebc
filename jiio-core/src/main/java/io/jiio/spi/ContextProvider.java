package io.jiio.spi;

import io.jiio.model.Context;

/**
 * A URI scheme's factory, found through {@link java.util.ServiceLoader}: the {@code sim:} provider
 * lives in jiio-core, {@code local:} and {@code ip:} in their own modules, so adding a module to
 * the class path is all it takes to make its scheme available.
 */
public interface ContextProvider {
    /** The scheme without the colon: {@code sim}, {@code local}, {@code ip}. */
    String scheme();

    /** Opens a context for a URI of this provider's scheme (the whole URI, scheme included). */
    Context open(String uri);
}
