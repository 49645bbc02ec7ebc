package io.jiio.scope;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to run a scope.
 *
 * @param uri        the context's URI, shown on the page (the context itself is passed separately)
 * @param bind       the address to listen on; the loopback address unless asked otherwise, since
 *                   the page can write attributes
 * @param port       the HTTP port (0: any free port, see {@link ScopeServer#port()})
 * @param device     the device to capture (id, name or label), or {@code null} for the first with input channels
 * @param channels   the channels to capture, or empty for all its input channels but the timestamp
 * @param blocks     blocks in circulation (0: 8)
 * @param blockScans scans per block (0: 20 ms at the device's sampling rate)
 * @param log        where terminal messages go (a line each, without prefix)
 */
public record ScopeConfig(String uri, InetAddress bind, int port, String device, List<String> channels,
                          int blocks, int blockScans, Consumer<String> log) {
    /** The port {@code jiio scope} listens on when none is given (this record's own default is 0: any). */
    public static final int DEFAULT_PORT = 8080;

    /**
     * Checks the figures and fills in the defaults: a {@code null} bind is the loopback address, a
     * {@code null} channel list is empty (all input channels), a {@code null} log drops the lines.
     *
     * @throws IllegalArgumentException a port outside 0..65535, or a negative block count or size
     */
    public ScopeConfig {
        Objects.requireNonNull(uri, "uri");
        bind = bind == null ? InetAddress.getLoopbackAddress() : bind;
        channels = channels == null ? List.of() : List.copyOf(channels);
        log = log == null ? line -> { } : log;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
        }
        if (blocks < 0 || blockScans < 0) {
            throw new IllegalArgumentException("blocks " + blocks + ", scans per block " + blockScans + ": negative");
        }
    }

    /**
     * A scope of the context at {@code uri} with every default: loopback, any free port, the first
     * device with input channels, default buffering, no log. The {@code with...} methods change one
     * thing each.
     *
     * @param uri the context's URI, as shown on the page
     * @return the configuration
     */
    public static ScopeConfig of(String uri) {
        return new ScopeConfig(uri, null, 0, null, List.of(), 0, 0, null);
    }

    /**
     * A copy on another port.
     *
     * @param p the HTTP port, 0 for any free one
     * @return this configuration on port {@code p}
     */
    public ScopeConfig withPort(int p) {
        return new ScopeConfig(uri, bind, p, device, channels, blocks, blockScans, log);
    }

    /**
     * A copy on another address.
     *
     * @param b the address to listen on; anything but the loopback address lets other machines
     *          write the context's attributes
     * @return this configuration listening on {@code b}
     */
    public ScopeConfig withBind(InetAddress b) {
        return new ScopeConfig(uri, b, port, device, channels, blocks, blockScans, log);
    }

    /**
     * A copy capturing something else.
     *
     * @param dev   the device to capture (id, name or label), or {@code null} for the first with
     *              input channels
     * @param chans its channels to capture, or empty for all its input channels but the timestamp
     * @return this configuration capturing {@code chans} of {@code dev}
     */
    public ScopeConfig withTarget(String dev, List<String> chans) {
        return new ScopeConfig(uri, bind, port, dev, chans, blocks, blockScans, log);
    }

    /**
     * A copy with other buffering: fewer or smaller blocks show changes sooner, more or larger ones
     * ride out a slow moment of the machine.
     *
     * @param n     blocks in circulation (0: 8)
     * @param scans scans per block (0: 20 ms at the device's sampling rate)
     * @return this configuration with that buffering
     */
    public ScopeConfig withBuffering(int n, int scans) {
        return new ScopeConfig(uri, bind, port, device, channels, n, scans, log);
    }

    /**
     * A copy with another log.
     *
     * @param l where terminal messages go, a line each without prefix; called from the scope's
     *          threads
     * @return this configuration logging to {@code l}
     */
    public ScopeConfig withLog(Consumer<String> l) {
        return new ScopeConfig(uri, bind, port, device, channels, blocks, blockScans, l);
    }
}
