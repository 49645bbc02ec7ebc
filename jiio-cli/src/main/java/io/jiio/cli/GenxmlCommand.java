package io.jiio.cli;

import io.jiio.model.Context;
import io.jiio.net.ContextXml;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jiio genxml}: the context's XML description on stdout, as {@code iio_genxml} prints it and
 * an iiod server sends it (libiio 0.24's DTD). What it writes opens again as {@code -x FILE} or
 * {@code -u xml:FILE}, in jiio and in libiio's tools ({@code iio_info -x FILE}).
 */
@Command(name = "genxml", sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.ERROR_HELP, ExitCodes.USAGE_HELP,
                ExitCodes.CONTEXT_TIMEOUT_HELP},
        description = {"Print the context's XML description (like iio_genxml).",
                "Devices, channels with their scan formats, and attribute names, in libiio's XML: open it "
                        + "again with -x FILE (here or in libiio's tools) to look at a context's shape offline."})
final class GenxmlCommand implements Callable<Integer> {
    @ParentCommand
    private Jiio jiio;

    @Mixin
    private ContextOptions uri;

    @Override
    public Integer call() {
        try (Context ctx = uri.open()) {
            jiio.terminal().out().println(ContextXml.of(ctx));
        }
        jiio.terminal().out().flush();
        return ExitCodes.OK;
    }
}
