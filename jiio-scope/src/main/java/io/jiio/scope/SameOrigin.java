package io.jiio.scope;

import java.net.URI;

/**
 * Whether a request that changes something (an attribute write, a new capture target, a
 * WebSocket) comes from the scope's own page.
 *
 * <p>Why: the scope listens on the loopback address, but any web site open in the same browser
 * could still send requests to {@code http://127.0.0.1:8080} — and an attribute write reaches real
 * hardware. Browsers say where a request comes from in {@code Origin}; it must name the host and
 * port the request was sent to ({@code Host}). A request without {@code Origin} does not come from
 * a page's script (curl, a test) and is let through. State-changing API requests must also be
 * {@code application/json}, which a foreign page cannot send without the browser asking first
 * (a CORS preflight, which the scope never grants).
 */
final class SameOrigin {
    private SameOrigin() {
    }

    /** True when {@code origin} is absent or names exactly {@code host} (host[:port], as in the Host header). */
    static boolean allows(String origin, String host) {
        if (origin == null || origin.isEmpty()) {
            return true;
        }
        if (host == null || host.isEmpty()) {
            return false;
        }
        try {
            URI o = new URI(origin);
            if (!"http".equals(o.getScheme()) && !"https".equals(o.getScheme())) {
                return false;
            }
            String authority = o.getRawAuthority();
            if (authority == null) {
                return false;
            }
            return authority.equalsIgnoreCase(host) || withDefaultPort(authority, o.getScheme()).equalsIgnoreCase(host)
                    || authority.equalsIgnoreCase(withDefaultPort(host, o.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String withDefaultPort(String authority, String scheme) {
        boolean hasPort = authority.startsWith("[") ? authority.contains("]:") : authority.contains(":");
        return hasPort ? authority : authority + (scheme.equals("https") ? ":443" : ":80");
    }
}
