package io.jiio.cli;

import io.jiio.model.Context;
import io.jiio.net.ContextXml;
import java.util.concurrent.Callable;

/**
 * {@code jiio genxml}: the context's XML description on stdout, as {@code iio_genxml} prints it and
 * an iiod server sends it (libiio 0.24's DTD). What it writes opens again as {@code -x FILE} or
 * {@code -u xml:FILE}, in jiio and in libiio's tools ({@code iio_info -x FILE}).
 */
final class GenxmlCommand implements Callable<Integer> {
    static final Usage USAGE = Usage.command("genxml", "Print the context's XML description (like iio_genxml).")
            .describe("Devices, channels with their scan formats, and attribute names, in libiio's XML: open it "
                    + "again with -x FILE (here or in libiio's tools) to look at a context's shape offline.")
            .options(ContextOptions.OPTIONS)
            .exitCodes(ExitCodes.CONTEXT_COMMAND_HELP);

    private final Terminal terminal;
    private final ContextOptions uri;

    GenxmlCommand(Terminal terminal, Args args) {
        this.terminal = terminal;
        this.uri = new ContextOptions(args);
    }

    @Override
    public Integer call() {
        try (Context ctx = uri.open()) {
            terminal.out().println(ContextXml.of(ctx));
        }
        terminal.out().flush();
        return ExitCodes.OK;
    }
}
