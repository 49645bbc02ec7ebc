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
    public static final int DEFAULT_PORT = 8080;

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

    /** Loopback, port 0, the first input device, default buffering, no log. */
    public static ScopeConfig of(String uri) {
        return new ScopeConfig(uri, null, 0, null, List.of(), 0, 0, null);
    }

    public ScopeConfig withPort(int p) {
        return new ScopeConfig(uri, bind, p, device, channels, blocks, blockScans, log);
    }

    public ScopeConfig withBind(InetAddress b) {
        return new ScopeConfig(uri, b, port, device, channels, blocks, blockScans, log);
    }

    public ScopeConfig withTarget(String dev, List<String> chans) {
        return new ScopeConfig(uri, bind, port, dev, chans, blocks, blockScans, log);
    }

    public ScopeConfig withBuffering(int n, int scans) {
        return new ScopeConfig(uri, bind, port, device, channels, n, scans, log);
    }

    public ScopeConfig withLog(Consumer<String> l) {
        return new ScopeConfig(uri, bind, port, device, channels, blocks, blockScans, l);
    }
}
