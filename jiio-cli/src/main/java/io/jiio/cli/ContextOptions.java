package io.jiio.cli;

import io.jiio.model.Context;
import java.util.List;

/**
 * The options every command that opens a context shares, as libiio's tools do: {@code -u URI},
 * {@code -x FILE} (the XML backend) and {@code -T MS}, the context timeout with libiio's meaning
 * (see {@link Context#open(String, long)}).
 */
final class ContextOptions {
    static final Opt<String> URI = Opt.value("-u, --uri", "URI", Opt.TEXT, null,
            "Context URI (default: " + Context.DEFAULT_URI + "). "
                    + "sim:[DEV.ATTR=VALUE,DEV.CHANNEL.ATTR=VALUE,...] opens the simulated devices with "
                    + "those attributes preset; ip:HOST[:PORT] an iiod server; local: this machine's devices; "
                    + "xml:FILE a context's description; sigmf:PATH a recording.");

    static final Opt<String> XML = Opt.value("-x, --xml", "FILE", Opt.TEXT, null,
            "The context described in FILE (what genxml or iio_genxml print): devices, channels and "
                    + "attribute names, no values; the same as -u xml:FILE.");

    static final Opt<Long> TIMEOUT = Opt.value("-T, --timeout", "MS", ContextOptions::timeout, 0L,
            "Context timeout in milliseconds, as libiio's: bounds connecting to and every answer "
                    + "from the backend (ip:) and, unless --block-timeout is given, every wait for a block. "
                    + "0 = the backend's default (ip: 5000 ms; no limit on block waits), -1 = no limit. "
                    + "Exit 3 when it expires.");

    /** The options, in the order the help lists them. */
    static final List<Opt<?>> OPTIONS = List.of(URI, XML, TIMEOUT);

    private final String uri;
    private final String xml;
    final long timeoutMs;

    ContextOptions(Args args) {
        this.uri = args.get(URI);
        this.xml = args.get(XML);
        this.timeoutMs = args.get(TIMEOUT);
    }

    /** The URI the options name: -x's as {@code xml:FILE}, else -u's, else the default. */
    String uri() {
        if (xml != null && uri != null) {
            throw new UsageException("-x and -u both name a context: give one");
        }
        return xml != null ? "xml:" + xml : uri != null ? uri : Context.DEFAULT_URI;
    }

    Context open() {
        return Context.open(uri(), timeoutMs);
    }

    /**
     * How long a stream waits for one block: {@code --block-timeout} when given, else {@code -T}
     * when it is a number of milliseconds, else no limit (0). A device's next block can be seconds
     * away (a slow trigger), so the backend's default request timeout is not applied to it.
     */
    long blockTimeoutMs(long blockTimeoutMs) {
        if (blockTimeoutMs != StreamOptions.BLOCK_TIMEOUT_FROM_CONTEXT) {
            return blockTimeoutMs;
        }
        return Math.max(0, timeoutMs);
    }

    /** -T's values: milliseconds, 0, -1; libiio's "nb" is named and refused rather than misread. */
    private static long timeout(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("nb") || v.equalsIgnoreCase("nonblocking")) {
            throw new IllegalArgumentException("jiio's tools have no non-blocking mode; "
                    + "give milliseconds, 0 for the backend's default or -1 for no limit");
        }
        long ms = Opt.LONG.read(v);
        if (ms < Context.NO_TIMEOUT) {
            throw new IllegalArgumentException("expected milliseconds, 0 for the backend's default or -1 for no limit");
        }
        return ms;
    }
}
