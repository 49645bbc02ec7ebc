package io.jiio.cli;

import io.jiio.model.Context;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The options every command that opens a context shares, as libiio's tools do: {@code -u URI},
 * {@code -x FILE} (the XML backend) and {@code -T MS}, the context timeout with libiio's meaning
 * (see {@link Context#open(String, long)}).
 */
final class ContextOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = {"-u", "--uri"}, paramLabel = "URI",
            description = "Context URI (default: " + Context.DEFAULT_URI + "). "
                    + "sim:[DEV.ATTR=VALUE,DEV.CHANNEL.ATTR=VALUE,...] opens the simulated devices with "
                    + "those attributes preset; ip:HOST[:PORT] an iiod server; local: this machine's devices; "
                    + "xml:FILE a context's description; sigmf:PATH a recording.")
    private String uri;

    @Option(names = {"-x", "--xml"}, paramLabel = "FILE",
            description = "The context described in FILE (what genxml or iio_genxml print): devices, channels and "
                    + "attribute names, no values; the same as -u xml:FILE.")
    private String xml;

    @Option(names = {"-T", "--timeout"}, paramLabel = "MS", defaultValue = "0", converter = TimeoutConverter.class,
            description = "Context timeout in milliseconds, as libiio's: bounds connecting to and every answer "
                    + "from the backend (ip:) and, unless --block-timeout is given, every wait for a block. "
                    + "0 = the backend's default (ip: 5000 ms; no limit on block waits), -1 = no limit. "
                    + "Exit 3 when it expires.")
    long timeoutMs;

    /** The URI the options name: -x's as {@code xml:FILE}, else -u's, else the default. */
    String uri() {
        if (xml != null && uri != null) {
            throw new ParameterException(spec.commandLine(), "-x and -u both name a context: give one");
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
    static final class TimeoutConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.trim();
            if (v.equalsIgnoreCase("nb") || v.equalsIgnoreCase("nonblocking")) {
                throw new TypeConversionException("'" + value + "': jiio's tools have no non-blocking mode; "
                        + "give milliseconds, 0 for the backend's default or -1 for no limit");
            }
            long ms;
            try {
                ms = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number of milliseconds");
            }
            if (ms < Context.NO_TIMEOUT) {
                throw new TypeConversionException("'" + value + "': expected milliseconds, 0 for the backend's "
                        + "default or -1 for no limit");
            }
            return ms;
        }
    }
}
