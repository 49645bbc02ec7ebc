package io.jiio.cli;

import io.jiio.model.Context;
import io.jiio.net.IiodServer;
import io.jiio.net.Opcode;
import io.jiio.net.ServerConfig;
import io.jiio.net.Wire;
import io.jiio.scope.ScopeConfig;
import io.jiio.scope.ScopeServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jiio serve}: serves a context over libiio's iiod protocol, so libiio's own tools (and
 * anything built on libiio 0.x) can use it as {@code ip:HOST:PORT}. Runs until SIGINT/SIGTERM.
 */
@Command(name = "serve", sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.ERROR_HELP, ExitCodes.USAGE_HELP,
                ExitCodes.CONTEXT_TIMEOUT_HELP},
        description = {"Serve a context over the iiod network protocol (like iiod): libiio 0.x's text "
                + "protocol and libiio 1.x's binary one (opcodes numbered as libiio main, 2026).",
                "libiio's tools then reach it as ip:HOST:PORT, e.g. iio_info -u ip:127.0.0.1:30431. "
                        + "Runs until interrupted (SIGINT/SIGTERM)."})
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    private Jiio jiio;

    @Mixin
    private ContextOptions uri;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "" + Wire.DEFAULT_PORT,
            description = "TCP port to listen on (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1", converter = BindAddress.class,
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    InetAddress bind;

    @Option(names = "--max-clients", paramLabel = "N", defaultValue = "64",
            description = "Clients served at once; further connections are closed (default: ${DEFAULT-VALUE}).")
    int maxClients;

    @Option(names = "--max-buffer-bytes", paramLabel = "BYTES", defaultValue = "268435456",
            description = "Largest buffer one client may open, all its blocks together (samples x scan size x "
                    + "blocks); larger ones get -12 (ENOMEM) (default: ${DEFAULT-VALUE}, 256 MiB).")
    long maxBufferBytes;

    @Option(names = "--max-memory", paramLabel = "BYTES", defaultValue = "1073741824",
            description = "Sample memory of all clients' buffers together; a buffer that would pass it gets -12 "
                    + "(ENOMEM) (default: ${DEFAULT-VALUE}, 1 GiB).")
    long maxMemoryBytes;

    @Option(names = "--idle-timeout", paramLabel = "MS", defaultValue = "0",
            description = "Disconnect a client that sends no request, or takes none of a reply, for this long "
                    + "(default: ${DEFAULT-VALUE}: never; a full server still displaces its longest-idle client "
                    + "once that one has been idle for the request timeout).")
    long idleTimeoutMs;

    @Option(names = "--request-timeout", paramLabel = "MS", defaultValue = "10000",
            description = "A request, once begun, must arrive within this (a payload gets this plus its size at "
                    + "64 KiB/s); a client that trickles or stops half-way is disconnected and its buffers freed "
                    + "(default: ${DEFAULT-VALUE}).")
    long requestTimeoutMs;

    @Option(names = "--keepalive", paramLabel = "SECONDS", defaultValue = "30",
            description = "TCP keepalive: probe a silent client after this many idle seconds (then every 10 s, "
                    + "6 times), so one that vanished without a word is found (default: ${DEFAULT-VALUE}; 0: off).")
    int keepAliveSeconds;

    @Option(names = "--buffer-timeout", paramLabel = "MS", defaultValue = "5000",
            description = "How long READBUF/WRITEBUF wait for the device until a client's TIMEOUT says "
                    + "otherwise (default: ${DEFAULT-VALUE}; 0: for ever).")
    long bufferTimeoutMs;

    @Option(names = "--slow-reader-grace", paramLabel = "MS", defaultValue = "2000",
            description = "How long readers sharing an unthrottled capture (sampling_frequency 0) wait for "
                    + "one that has stopped reading, before its oldest blocks are dropped instead (default: "
                    + "${DEFAULT-VALUE}). A paced device never waits: a reader that falls two blocks behind "
                    + "loses its oldest blocks as soon as the device would run short.")
    long slowReaderGraceMs;

    /** The defaults with this command's limits; a bad value is a usage error naming the option. */
    private ServerConfig config() {
        require(maxClients >= 1, "--max-clients", maxClients + " must be at least 1");
        require(maxBufferBytes >= 1 && maxBufferBytes <= 1L << 32, "--max-buffer-bytes",
                maxBufferBytes + " is out of range 1..4294967296");
        require(bufferTimeoutMs >= 0, "--buffer-timeout", bufferTimeoutMs + " is negative");
        require(slowReaderGraceMs >= 0, "--slow-reader-grace", slowReaderGraceMs + " is negative");
        require(maxMemoryBytes >= 1, "--max-memory", maxMemoryBytes + " must be at least 1");
        require(idleTimeoutMs >= 0, "--idle-timeout", idleTimeoutMs + " is negative");
        require(requestTimeoutMs >= 1, "--request-timeout", requestTimeoutMs + " must be at least 1");
        require(keepAliveSeconds >= 0, "--keepalive", keepAliveSeconds + " is negative");
        ServerConfig d = ServerConfig.defaults();
        return new ServerConfig(maxClients, d.maxLineBytes(), d.maxWriteBytes(), maxBufferBytes,
                d.defaultBlocks(), bufferTimeoutMs, slowReaderGraceMs, !textOnly, maxMemoryBytes, idleTimeoutMs,
                requestTimeoutMs, keepAliveSeconds);
    }

    private void require(boolean ok, String option, String reason) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + reason);
        }
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--http", paramLabel = "PORT",
            description = "Also serve jiio scope's page on this HTTP port (same --bind address; 0: any free port). "
                    + "The scope reads through this server over the text protocol, as one more client: it shares "
                    + "captures with the other text-protocol clients and leaves the devices alone while no page is open.")
    Integer httpPort;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "What the server logs on stderr: off, error, warning, info (default: clients connecting, "
                    + "opening and closing buffers, leaving; refusals and losses) or debug (also each failed request, "
                    + "with stack traces).")
    ServerLog.LogLevel logLevel;

    @Option(names = "--text-only",
            description = "Do not offer libiio 1.x's binary protocol: BINARY is answered -38 (ENOSYS), so "
                    + "clients stay with the text protocol.")
    boolean textOnly;

    @Override
    public Integer call() throws Exception {
        ServerConfig cfg = config();
        ServerLog.configure(logLevel, jiio.terminal().err(), "jiio serve");
        try (Context ctx = uri.open();
             IiodServer server = IiodServer.start(ctx, bind, port, cfg)) {
            InetSocketAddress at = server.address();
            jiio.terminal().err().println("jiio serve: listening on " + at.getAddress().getHostAddress() + ":"
                    + at.getPort() + " (context " + uri.uri() + ": " + ctx.devices().size() + " devices; "
                    + (textOnly ? "text protocol only" : "text and binary protocols, opcodes " + Opcode.NUMBERING)
                    + ")");
            jiio.terminal().err().flush();
            if (httpPort == null) {
                jiio.terminal().stop().await();
            } else {
                serveScope(at);
            }
        }
        return ExitCodes.OK;
    }

    /**
     * The scope next to the server, as a client of it (ip:, text protocol): the iiod server already
     * shares an input device's capture among its text-protocol clients, so the page and libiio 0.x's
     * tools can watch the same device at once — which the scope opening the served context's device
     * in-process could not (a device's buffer opens once).
     */
    private void serveScope(InetSocketAddress at) throws Exception {
        if (httpPort < 0 || httpPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--http " + httpPort + ": must be 0..65535");
        }
        InetAddress a = at.getAddress();
        String host = a.isAnyLocalAddress() ? "127.0.0.1"
                : a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        String self = "ip:" + host + ":" + at.getPort() + ",protocol=text";
        java.io.PrintStream err = jiio.terminal().err();
        ScopeConfig cfg = ScopeConfig.of(self).withBind(a).withPort(httpPort).withLog(line -> {
            err.println("jiio serve: scope: " + line);
            err.flush();
        });
        try (Context client = Context.open(self); ScopeServer scope = ScopeServer.start(client, cfg)) {
            err.println("jiio serve: scope at " + scope.url() + " (" + scope.describeCapture() + ", through " + self + ")");
            err.flush();
            jiio.terminal().stop().await();
        }
    }
}
