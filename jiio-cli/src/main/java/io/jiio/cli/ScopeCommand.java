package io.jiio.cli;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Context;
import io.jiio.scope.ScopeConfig;
import io.jiio.scope.ScopeServer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code jiio scope}: serves a browser oscilloscope of an input device ({@link ScopeServer}) until
 * SIGINT/SIGTERM. What the page shows is the module's business; this command only turns options
 * into a {@link ScopeConfig} and the scope's messages into terminal lines.
 */
final class ScopeCommand implements Callable<Integer> {
    static final Opt<Integer> HTTP_PORT = Opt.value("--http-port", "PORT", Opt.INT, ScopeConfig.DEFAULT_PORT,
            "HTTP port of the page (default: " + ScopeConfig.DEFAULT_PORT + "; 0: any free port).");
    static final Opt<InetAddress> BIND = Opt.value("--bind", "ADDR", BindAddress::read,
            BindAddress.read(BindAddress.LOOPBACK),
            "Address to listen on (default: " + BindAddress.LOOPBACK + ": this machine only; the page can write "
                    + "attributes, so think before 0.0.0.0).");
    static final Opt<Integer> BUFFER_SIZE = Opt.value("-b, --buffer-size", "SCANS", Opt.INT, 0,
            "Scans per block (default: 20 ms at the device's sampling frequency, 4096 without one).");
    static final Opt<Integer> BLOCKS = Opt.value("--blocks", "N", Opt.INT, 0,
            "Blocks in circulation, 1..64 (default: 8).");

    static final Usage USAGE = Usage.command("scope",
                    "Serve a browser oscilloscope of an input device: time traces in physical units with an "
                            + "edge trigger, the spectrum, the context's attributes (editable), and the capture's "
                            + "live figures, lost scans first.")
            .describe("Open the printed address in a browser; several pages share one capture, which runs while at "
                    + "least one is open. Runs until interrupted (SIGINT/SIGTERM).")
            .options(ContextOptions.OPTIONS)
            .options(HTTP_PORT, BIND, BUFFER_SIZE, BLOCKS)
            .operands(Operand.optional("DEVICE", "The input device to show (default: the first with input channels)."),
                    Operand.any("CHANNEL", "Its channels to capture (default: every input channel but the timestamp)."))
            .exitCodes(ExitCodes.CONTEXT_COMMAND_HELP);

    private final Terminal terminal;
    private final ContextOptions uri;
    private final int port;
    private final InetAddress bind;
    private final int blockScans;
    private final int blocks;
    private final String device;
    private final List<String> channels;

    ScopeCommand(Terminal terminal, Args args) {
        this.terminal = terminal;
        this.uri = new ContextOptions(args);
        this.port = args.get(HTTP_PORT);
        this.bind = args.get(BIND);
        this.blockScans = args.get(BUFFER_SIZE);
        this.blocks = args.get(BLOCKS);
        this.device = args.operand(0);
        this.channels = args.operandsFrom(1);
    }

    @Override
    public Integer call() throws Exception {
        ScopeConfig cfg = config(terminal.err(), "jiio scope: ");
        try (Context ctx = uri.open(); ScopeServer scope = start(ctx, cfg, "--http-port")) {
            PrintStream err = terminal.err();
            err.println("jiio scope: " + scope.url() + " shows " + (scope.problem() == null ? scope.describeCapture()
                    : "the context, nothing captured (pick an input device on the page)") + " (context " + uri.uri()
                    + "); Ctrl-C stops");
            if (!scope.address().getAddress().isLoopbackAddress()) {
                err.println("jiio scope: listening on " + scope.address().getAddress().getHostAddress()
                        + ": whoever reaches this machine can see the samples and write attributes");
            }
            err.flush();
            terminal.stop().await();
        }
        return ExitCodes.OK;
    }

    /** {@link ScopeServer#start}, with a taken port's message naming the option that chose the port. */
    static ScopeServer start(Context ctx, ScopeConfig cfg, String portOption) {
        try {
            return ScopeServer.start(ctx, cfg);
        } catch (IioException e) {
            if (e.errno() != Errno.EADDRINUSE) {
                throw e;
            }
            throw new IioException(Errno.EADDRINUSE, portOption + " " + cfg.port() + ": " + e.reason(), e);
        }
    }

    /** The scope's configuration from these options; a bad value is a usage error naming the option. */
    ScopeConfig config(PrintStream err, String prefix) throws java.net.UnknownHostException {
        if (port < 0 || port > 65535) {
            throw new UsageException("--http-port " + port + ": must be 0..65535");
        }
        if (blockScans < 0) {
            throw new UsageException("-b " + blockScans + ": a block needs at least 1 scan");
        }
        if (blocks < 0 || blocks > StreamOptions.MAX_BLOCKS) {
            throw new UsageException("--blocks " + blocks + ": must be 1.." + StreamOptions.MAX_BLOCKS);
        }
        return new ScopeConfig(uri.uri(), bind, port, device, channels, blocks, blockScans,
                line -> {
                    err.println(prefix + line);
                    err.flush();
                });
    }
}
