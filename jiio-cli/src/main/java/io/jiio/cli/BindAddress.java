package io.jiio.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** {@code --bind ADDR} for the servers: a name or address resolved once, an unknown one a usage error. */
final class BindAddress {
    /** The servers' default: this machine only. */
    static final String LOOPBACK = "127.0.0.1";

    private BindAddress() {
    }

    /** Reads {@code --bind}'s value (an {@link Opt.Reader}). */
    static InetAddress read(String value) {
        try {
            return InetAddress.getByName(value.trim());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address of this machine or a known host name");
        }
    }
}
