package io.jiio.net.client;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Context;
import io.jiio.net.Wire;
import io.jiio.spi.ContextProvider;

/**
 * The {@code ip:HOST[:PORT][,protocol=auto|text|binary]} scheme: libiio's network backend. By
 * default ({@code auto}) it speaks libiio 1.x's binary protocol when the server offers it and the
 * 0.x text protocol otherwise (see {@link Protocol}).
 * {@code HOST} is a name, an IPv4 address or an IPv6 address in brackets ({@code ip:[::1]:30431});
 * the port defaults to iiod's {@value Wire#DEFAULT_PORT}.
 */
public final class NetContextProvider implements ContextProvider {
    /** How long any network wait may take before it fails with ETIMEDOUT (libiio's default too). */
    public static final long DEFAULT_TIMEOUT_MS = 5000;

    /**
     * A parsed {@code ip:} URI.
     *
     * @param host     a name or an address (an IPv6 one without its brackets)
     * @param port     the TCP port, 1 to 65535
     * @param protocol which iiod protocol to speak
     */
    public record Endpoint(String host, int port, Protocol protocol) {
        /**
         * An endpoint that picks its protocol the way libiio does ({@link Protocol#AUTO}).
         *
         * @param host a name or an address
         * @param port the TCP port
         */
        public Endpoint(String host, int port) {
            this(host, port, Protocol.AUTO);
        }

        @Override
        public String toString() {
            return endpoint(host, port);
        }
    }

    /** For {@link java.util.ServiceLoader}, which finds this class through META-INF/services. */
    public NetContextProvider() {
    }

    @Override
    public String scheme() {
        return "ip";
    }

    @Override
    public Context open(String uri) {
        return open(uri, Context.DEFAULT_TIMEOUT);
    }

    /** Internally 0 means "no limit" (a selector's select(0) waits for ever). */
    @Override
    public Context open(String uri, long timeoutMs) {
        Endpoint e = parse(uri);
        long ms = timeoutMs == Context.DEFAULT_TIMEOUT ? DEFAULT_TIMEOUT_MS
                : timeoutMs == Context.NO_TIMEOUT ? 0 : timeoutMs;
        return NetBackend.open(uri.trim(), e, ms);
    }

    /**
     * Parses {@code ip:HOST[:PORT][,protocol=auto|text|binary]} without connecting.
     *
     * @param uri the URI, scheme included
     * @return the endpoint it names, the port defaulted to iiod's
     * @throws IioException EINVAL naming the URI and what is wrong with it (no host: jiio does not
     *                      browse for servers the way libiio does with DNS-SD)
     */
    public static Endpoint parse(String uri) {
        if (uri == null) {
            throw bad(null, "no URI");
        }
        String u = uri.trim();
        if (!u.regionMatches(true, 0, "ip:", 0, 3)) {
            throw bad(u, "it does not start with ip:");
        }
        String rest = u.substring(3);
        Protocol protocol = Protocol.AUTO;
        int comma = rest.indexOf(',');
        if (comma >= 0) {
            for (String opt : rest.substring(comma + 1).split(",", -1)) {
                int eq = opt.indexOf('=');
                String key = eq < 0 ? opt : opt.substring(0, eq);
                if (!key.equalsIgnoreCase("protocol") || eq < 0) {
                    throw bad(u, "unknown option '" + opt + "' (expected protocol=auto|text|binary)");
                }
                protocol = Protocol.parse(opt.substring(eq + 1), u);
            }
            rest = rest.substring(0, comma);
        }
        if (rest.isEmpty()) {
            // libiio would browse with DNS-SD (avahi); jiio does not.
            throw bad(u, "no host (expected ip:HOST[:PORT]; service discovery is not supported)");
        }
        String host;
        String port = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw bad(u, "an IPv6 address lacks its closing ']'");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw bad(u, "unexpected '" + after + "' after the IPv6 address");
                }
                port = after.substring(1);
            }
            if (host.isEmpty() || !host.contains(":")) {
                throw bad(u, "'[" + host + "]' is not an IPv6 address");
            }
        } else {
            int colon = rest.indexOf(':');
            if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
                throw bad(u, "an IPv6 address must be in brackets (ip:[ADDR]:PORT)");
            }
            host = colon < 0 ? rest : rest.substring(0, colon);
            port = colon < 0 ? null : rest.substring(colon + 1);
            if (host.isEmpty()) {
                throw bad(u, "no host");
            }
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '%')) {
                    throw bad(u, "host '" + host + "' contains '" + c + "'");
                }
            }
        }
        int p = Wire.DEFAULT_PORT;
        if (port != null) {
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw bad(u, "port '" + port + "' is not a number");
            }
            p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw bad(u, "port " + p + " is out of range 1..65535");
            }
        }
        return new Endpoint(host, p, protocol);
    }

    static String endpoint(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static IioException bad(String uri, String why) {
        return new IioException(Errno.EINVAL, "context URI '" + uri + "': " + why);
    }
}
