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

/**
 * {@code jiio serve}: serves a context over libiio's iiod protocol, so libiio's own tools (and
 * anything built on libiio 0.x) can use it as {@code ip:HOST:PORT}. Runs until SIGINT/SIGTERM.
 */
final class ServeCommand implements Callable<Integer> {
    static final Opt<Integer> PORT = Opt.value("-p, --port", "PORT", Opt.INT, Wire.DEFAULT_PORT,
            "TCP port to listen on (default: " + Wire.DEFAULT_PORT + "; 0: any free port).");
    static final Opt<InetAddress> BIND = Opt.value("--bind", "ADDR", BindAddress::read,
            BindAddress.read(BindAddress.LOOPBACK),
            "Address to listen on (default: " + BindAddress.LOOPBACK + "; 0.0.0.0 for every interface).");
    static final Opt<Integer> MAX_CLIENTS = Opt.value("--max-clients", "N", Opt.INT, 64,
            "Clients served at once; further connections are closed (default: 64).");
    static final Opt<Long> MAX_BUFFER_BYTES = Opt.value("--max-buffer-bytes", "BYTES", Opt.LONG, 256L << 20,
            "Largest buffer one client may open, all its blocks together (samples x scan size x "
                    + "blocks); larger ones get -12 (ENOMEM) (default: 268435456, 256 MiB).");
    static final Opt<Long> MAX_MEMORY = Opt.value("--max-memory", "BYTES", Opt.LONG, 1L << 30,
            "Sample memory of all clients' buffers together; a buffer that would pass it gets -12 "
                    + "(ENOMEM) (default: 1073741824, 1 GiB).");
    static final Opt<Long> IDLE_TIMEOUT = Opt.value("--idle-timeout", "MS", Opt.LONG, 0L,
            "Disconnect a client that sends no request, or takes none of a reply, for this long "
                    + "(default: 0: never; a full server still displaces its longest-idle client "
                    + "once that one has been idle for the request timeout).");
    static final Opt<Long> REQUEST_TIMEOUT = Opt.value("--request-timeout", "MS", Opt.LONG, 10_000L,
            "A request, once begun, must arrive within this (a payload gets this plus its size at "
                    + "64 KiB/s); a client that trickles or stops half-way is disconnected and its buffers freed "
                    + "(default: 10000).");
    static final Opt<Integer> KEEPALIVE = Opt.value("--keepalive", "SECONDS", Opt.INT, 30,
            "TCP keepalive: probe a silent client after this many idle seconds (then every 10 s, "
                    + "6 times), so one that vanished without a word is found (default: 30; 0: off).");
    static final Opt<Long> BUFFER_TIMEOUT = Opt.value("--buffer-timeout", "MS", Opt.LONG, 5000L,
            "How long READBUF/WRITEBUF wait for the device until a client's TIMEOUT says "
                    + "otherwise (default: 5000; 0: for ever).");
    static final Opt<Long> SLOW_READER_GRACE = Opt.value("--slow-reader-grace", "MS", Opt.LONG, 2000L,
            "How long readers sharing an unthrottled capture (sampling_frequency 0) wait for "
                    + "one that has stopped reading, before its oldest blocks are dropped instead (default: "
                    + "2000). A paced device never waits: a reader that falls two blocks behind "
                    + "loses its oldest blocks as soon as the device would run short.");
    static final Opt<Integer> HTTP = Opt.value("--http", "PORT", Opt.INT, null,
            "Also serve jiio scope's page on this HTTP port (same --bind address; 0: any free port). "
                    + "The scope reads through this server over the text protocol, as one more client: it shares "
                    + "captures with the other text-protocol clients and leaves the devices alone while no page "
                    + "is open.");
    static final Opt<ServerLog.LogLevel> LOG_LEVEL = Opt.value("--log-level", "LEVEL",
            Opt.choice(ServerLog.LogLevel.class), ServerLog.LogLevel.INFO,
            "What the server logs on stderr: off, error, warning, info (default: clients connecting, "
                    + "opening and closing buffers, leaving; refusals and losses) or debug (also each failed "
                    + "request, with stack traces).");
    static final Opt<Boolean> TEXT_ONLY = Opt.flag("--text-only",
            "Do not offer libiio 1.x's binary protocol: BINARY is answered -38 (ENOSYS), so "
                    + "clients stay with the text protocol.");

    static final Usage USAGE = Usage.command("serve",
                    "Serve a context over the iiod network protocol (like iiod): libiio 0.x's text "
                            + "protocol and libiio 1.x's binary one (opcodes numbered as libiio main, 2026).")
            .describe("libiio's tools then reach it as ip:HOST:PORT, e.g. iio_info -u ip:127.0.0.1:30431. "
                    + "Runs until interrupted (SIGINT/SIGTERM).")
            .options(ContextOptions.OPTIONS)
            .options(PORT, BIND, MAX_CLIENTS, MAX_BUFFER_BYTES, MAX_MEMORY, IDLE_TIMEOUT, REQUEST_TIMEOUT, KEEPALIVE,
                    BUFFER_TIMEOUT, SLOW_READER_GRACE, HTTP, LOG_LEVEL, TEXT_ONLY)
            .exitCodes(ExitCodes.CONTEXT_COMMAND_HELP);

    private final Terminal terminal;
    private final ContextOptions uri;
    private final int port;
    private final InetAddress bind;
    private final int maxClients;
    private final long maxBufferBytes;
    private final long maxMemoryBytes;
    private final long idleTimeoutMs;
    private final long requestTimeoutMs;
    private final int keepAliveSeconds;
    private final long bufferTimeoutMs;
    private final long slowReaderGraceMs;
    private final Integer httpPort;
    private final ServerLog.LogLevel logLevel;
    private final boolean textOnly;

    ServeCommand(Terminal terminal, Args args) {
        this.terminal = terminal;
        this.uri = new ContextOptions(args);
        this.port = args.get(PORT);
        this.bind = args.get(BIND);
        this.maxClients = args.get(MAX_CLIENTS);
        this.maxBufferBytes = args.get(MAX_BUFFER_BYTES);
        this.maxMemoryBytes = args.get(MAX_MEMORY);
        this.idleTimeoutMs = args.get(IDLE_TIMEOUT);
        this.requestTimeoutMs = args.get(REQUEST_TIMEOUT);
        this.keepAliveSeconds = args.get(KEEPALIVE);
        this.bufferTimeoutMs = args.get(BUFFER_TIMEOUT);
        this.slowReaderGraceMs = args.get(SLOW_READER_GRACE);
        this.httpPort = args.get(HTTP);
        this.logLevel = args.get(LOG_LEVEL);
        this.textOnly = args.get(TEXT_ONLY);
    }

    /** The defaults with this command's limits; a bad value is a usage error naming the option. */
    private ServerConfig config() {
        require(maxClients >= 1, "--max-clients", maxClients + ": must be at least 1");
        require(maxBufferBytes >= 1 && maxBufferBytes <= 1L << 32, "--max-buffer-bytes",
                maxBufferBytes + ": out of range 1..4294967296");
        require(bufferTimeoutMs >= 0, "--buffer-timeout", bufferTimeoutMs + ": cannot be negative");
        require(slowReaderGraceMs >= 0, "--slow-reader-grace", slowReaderGraceMs + ": cannot be negative");
        require(maxMemoryBytes >= 1, "--max-memory", maxMemoryBytes + ": must be at least 1");
        require(idleTimeoutMs >= 0, "--idle-timeout", idleTimeoutMs + ": cannot be negative");
        require(requestTimeoutMs >= 1, "--request-timeout", requestTimeoutMs + ": must be at least 1");
        require(keepAliveSeconds >= 0, "--keepalive", keepAliveSeconds + ": cannot be negative");
        require(httpPort == null || httpPort >= 0 && httpPort <= 65535, "--http", httpPort + ": must be 0..65535");
        ServerConfig d = ServerConfig.defaults();
        return new ServerConfig(maxClients, d.maxLineBytes(), d.maxWriteBytes(), maxBufferBytes,
                d.defaultBlocks(), bufferTimeoutMs, slowReaderGraceMs, !textOnly, maxMemoryBytes, idleTimeoutMs,
                requestTimeoutMs, keepAliveSeconds);
    }

    private void require(boolean ok, String option, String reason) {
        if (!ok) {
            throw new UsageException(option + " " + reason);
        }
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig cfg = config();
        ServerLog.configure(logLevel, terminal.err(), "jiio serve");
        try (Context ctx = uri.open();
             IiodServer server = IiodServer.start(ctx, bind, port, cfg)) {
            InetSocketAddress at = server.address();
            String listening = "jiio serve: listening on " + at.getAddress().getHostAddress() + ":"
                    + at.getPort() + " (context " + uri.uri() + ": " + ctx.devices().size() + " devices; "
                    + (textOnly ? "text protocol only" : "text and binary protocols, opcodes " + Opcode.NUMBERING)
                    + ")";
            if (httpPort == null) {
                terminal.err().println(listening);
                terminal.err().flush();
                terminal.stop().await();
            } else {
                serveScope(at, listening);
            }
        }
        return ExitCodes.OK;
    }

    /**
     * The scope next to the server, as a client of it (ip:, text protocol): the iiod server already
     * shares an input device's capture among its text-protocol clients, so the page and libiio 0.x's
     * tools can watch the same device at once — which the scope opening the served context's device
     * in-process could not (a device's buffer opens once). "Listening" is said once both listen,
     * so a taken HTTP port is never preceded by a claim that the server is up.
     */
    private void serveScope(InetSocketAddress at, String listening) throws Exception {
        InetAddress a = at.getAddress();
        String host = a.isAnyLocalAddress() ? "127.0.0.1"
                : a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        String self = "ip:" + host + ":" + at.getPort() + ",protocol=text";
        java.io.PrintStream err = terminal.err();
        ScopeConfig cfg = ScopeConfig.of(self).withBind(a).withPort(httpPort).withLog(line -> {
            err.println("jiio serve: scope: " + line);
            err.flush();
        });
        try (Context client = Context.open(self); ScopeServer scope = ScopeCommand.start(client, cfg, "--http")) {
            err.println(listening);
            err.println("jiio serve: scope at " + scope.url() + " (" + scope.describeCapture() + ", through " + self + ")");
            err.flush();
            terminal.stop().await();
        }
    }
}
