package io.jiio.sim;

import io.jiio.model.Context;
import io.jiio.spi.ContextProvider;

/** Registers the {@code sim:} scheme with {@link Context#open(String)}. */
public final class SimContextProvider implements ContextProvider {
    /** For {@link java.util.ServiceLoader}, which finds this class through META-INF/services. */
    public SimContextProvider() {
    }

    @Override
    public String scheme() {
        return "sim";
    }

    @Override
    public Context open(String uri) {
        return SimBackend.open(uri);
    }
}
