package io.jiio.cli;

import io.jiio.model.Context;
import picocli.CommandLine.Option;

/** The {@code -u URI} option every command shares, as in libiio's tools. */
public final class UriOption {
    /** For picocli, which makes the mixin of each command that declares it. */
    public UriOption() {
    }

    @Option(names = {"-u", "--uri"}, paramLabel = "URI", defaultValue = Context.DEFAULT_URI,
            description = "Context URI (default: ${DEFAULT-VALUE}). "
                    + "sim:[DEV.ATTR=VALUE,DEV.CHANNEL.ATTR=VALUE,...] opens the simulated devices with "
                    + "those attributes preset; other schemes are those of the backends on the class path.")
    String uri;

    Context open() {
        return Context.open(uri);
    }
}
