package io.jiio.linux;

import io.jiio.model.Context;
import io.jiio.spi.ContextProvider;

/** Registers the {@code local:} scheme with {@link Context#open(String)}. */
public final class LocalContextProvider implements ContextProvider {
    /** For {@link java.util.ServiceLoader}, which finds this class through META-INF/services. */
    public LocalContextProvider() {
    }

    @Override
    public String scheme() {
        return "local";
    }

    @Override
    public Context open(String uri) {
        return LocalBackend.open(uri, LinuxSys.get());
    }
}
