package io.jiio.recording;

import io.jiio.model.Context;
import io.jiio.spi.ContextProvider;

/** Registers {@code sigmf:}: a SigMF recording replayed as a device (see {@link SigmfBackend}). */
public final class SigmfContextProvider implements ContextProvider {
    /** For {@link java.util.ServiceLoader}, which finds this class through META-INF/services. */
    public SigmfContextProvider() {
    }

    @Override
    public String scheme() {
        return "sigmf";
    }

    @Override
    public Context open(String uri) {
        return SigmfBackend.open(uri);
    }
}
