package io.jiio.cli;

import io.jiio.model.Context;
import io.jiio.scope.ScopeConfig;
import io.jiio.scope.ScopeServer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jiio scope}: serves a browser oscilloscope of an input device ({@link ScopeServer}) until
 * SIGINT/SIGTERM. What the page shows is the module's business; this command only turns options
 * into a {@link ScopeConfig} and the scope's messages into terminal lines.
 */
@Command(name = "scope", sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.ERROR_HELP, ExitCodes.USAGE_HELP,
                ExitCodes.CONTEXT_TIMEOUT_HELP},
        description = {"Serve a browser oscilloscope of an input device: time traces in physical units with an "
                + "edge trigger, the spectrum, the context's attributes (editable), and the capture's live "
                + "figures, lost scans first.",
                "Open the printed address in a browser; several pages share one capture, which runs while at "
                        + "least one is open. Runs until interrupted (SIGINT/SIGTERM)."})
final class ScopeCommand implements Callable<Integer> {
    @ParentCommand
    private Jiio jiio;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ContextOptions uri;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "" + ScopeConfig.DEFAULT_PORT,
            description = "HTTP port of the page (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1", converter = BindAddress.class,
            description = "Address to listen on (default: ${DEFAULT-VALUE}: this machine only; the page can write "
                    + "attributes, so think before 0.0.0.0).")
    InetAddress bind;

    @Option(names = {"-b", "--buffer-size"}, paramLabel = "SCANS", defaultValue = "0",
            description = "Scans per block (default: 20 ms at the device's sampling frequency, 4096 without one).")
    int blockScans;

    @Option(names = "--blocks", paramLabel = "N", defaultValue = "0",
            description = "Blocks in circulation, 1..64 (default: 8).")
    int blocks;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DEVICE",
            description = "The input device to show (default: the first with input channels).")
    String device;

    @Parameters(index = "1..*", paramLabel = "CHANNEL",
            description = "Its channels to capture (default: every input channel but the timestamp).")
    List<String> channels = List.of();

    @Override
    public Integer call() throws Exception {
        ScopeConfig cfg = config(jiio.terminal().err(), "jiio scope: ");
        try (Context ctx = uri.open(); ScopeServer scope = ScopeServer.start(ctx, cfg)) {
            PrintStream err = jiio.terminal().err();
            err.println("jiio scope: " + scope.url() + " shows " + (scope.problem() == null ? scope.describeCapture()
                    : "the context, nothing captured (pick an input device on the page)") + " (context " + uri.uri()
                    + "); Ctrl-C stops");
            if (!scope.address().getAddress().isLoopbackAddress()) {
                err.println("jiio scope: listening on " + scope.address().getAddress().getHostAddress()
                        + ": whoever reaches this machine can see the samples and write attributes");
            }
            err.flush();
            jiio.terminal().stop().await();
        }
        return ExitCodes.OK;
    }

    /** The scope's configuration from these options; a bad value is a usage error naming the option. */
    ScopeConfig config(PrintStream err, String prefix) throws java.net.UnknownHostException {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--http-port " + port + ": must be 0..65535");
        }
        if (blockScans < 0) {
            throw new ParameterException(spec.commandLine(), "-b " + blockScans + ": a block needs at least 1 scan");
        }
        if (blocks < 0 || blocks > StreamOptions.MAX_BLOCKS) {
            throw new ParameterException(spec.commandLine(), "--blocks " + blocks + ": must be 1.." + StreamOptions.MAX_BLOCKS);
        }
        return new ScopeConfig(uri.uri(), bind, port, device, channels, blocks, blockScans,
                line -> {
                    err.println(prefix + line);
                    err.flush();
                });
    }
}
