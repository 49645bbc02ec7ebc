package io.jiio.net;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Whether a server offers libiio 1.x's binary protocol (it does unless told otherwise). A server
 * that does not answers {@code BINARY} with {@code -ENOSYS}; libiio's client, like jiio's, takes any
 * non-zero answer as "stay with the text protocol", so this is how the fallback is exercised.
 *
 * <p>The switch belongs in {@link ServerConfig}, which another change owns right now; until it moves
 * there, a config is marked text-only by identity ({@link #textOnly}), so a server started with that
 * very config instance refuses BINARY from its first connection on. The marks are a handful of
 * small records for a process's lifetime.
 */
public final class BinaryOffer {
    private static final Set<ServerConfig> TEXT_ONLY = Collections.synchronizedSet(
            Collections.newSetFromMap(new IdentityHashMap<>()));

    private BinaryOffer() {
    }

    /** A copy of {@code cfg} with which a server speaks the text protocol only. */
    public static ServerConfig textOnly(ServerConfig cfg) {
        ServerConfig copy = cfg.withMaxConnections(cfg.maxConnections());
        TEXT_ONLY.add(copy);
        return copy;
    }

    /** Whether a server running with {@code cfg} switches to binary on BINARY. */
    public static boolean offered(ServerConfig cfg) {
        return !TEXT_ONLY.contains(cfg);
    }
}
