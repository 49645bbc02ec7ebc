/**
 * libiio's iiod network protocol: {@code io.jiio.net} holds the server that serves any context
 * ({@link io.jiio.net.IiodServer}, text and binary protocols) and the protocol's pieces; the
 * {@code ip:} backend (the client) and the {@code xml:} one (a context read from its XML
 * description) are provided as {@link io.jiio.spi.ContextProvider}s, so
 * {@code Context.open("ip:HOST")} works as soon as this module is present.
 *
 * <p>Native access: the zstd that libiio 1.x's binary protocol uses for the context's XML comes
 * from aircompressor's bundled library, which its module calls through java.lang.foreign.
 */
@SuppressWarnings("requires-automatic")
module io.jiio.net {
    requires transitive io.jiio.core;
    requires java.xml;
    requires java.logging;
    // TCP keep-alive timing (TCP_KEEPIDLE and its kin) on the server's connections.
    requires jdk.net;
    // aircompressor has no module descriptor and no Automatic-Module-Name: its name comes from the
    // jar's file name (aircompressor-v3-3.5.jar).
    requires aircompressor.v3;

    exports io.jiio.net;

    provides io.jiio.spi.ContextProvider with io.jiio.net.client.NetContextProvider,
            io.jiio.net.client.XmlContextProvider;
}
