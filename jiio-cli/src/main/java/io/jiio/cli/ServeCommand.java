package io.jiio.cli;

import io.jiio.model.Context;
import io.jiio.net.BinaryOffer;
import io.jiio.net.IiodServer;
import io.jiio.net.Opcode;
import io.jiio.net.ServerConfig;
import io.jiio.net.Wire;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jiio serve}: serves a context over libiio's iiod protocol, so libiio's own tools (and
 * anything built on libiio 0.x) can use it as {@code ip:HOST:PORT}. Runs until SIGINT/SIGTERM.
 */
@Command(name = "serve", sortOptions = false,
        description = {"Serve a context over the iiod network protocol (like iiod): libiio 0.x's text "
                + "protocol and libiio 1.x's binary one (opcodes numbered as libiio main, 2026).",
                "libiio's tools then reach it as ip:HOST:PORT, e.g. iio_info -u ip:127.0.0.1:30431. "
                        + "Runs until interrupted (SIGINT/SIGTERM)."})
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    private Jiio jiio;

    @Mixin
    private UriOption uri;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "" + Wire.DEFAULT_PORT,
            description = "TCP port to listen on (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String bind;

    @Option(names = "--text-only",
            description = "Do not offer libiio 1.x's binary protocol: BINARY is answered -38 (ENOSYS), so "
                    + "clients stay with the text protocol.")
    boolean textOnly;

    @Override
    public Integer call() throws Exception {
        InetAddress addr = InetAddress.getByName(bind);
        ServerConfig cfg = textOnly ? BinaryOffer.textOnly(ServerConfig.defaults()) : ServerConfig.defaults();
        try (Context ctx = uri.open();
             IiodServer server = IiodServer.start(ctx, addr, port, cfg)) {
            InetSocketAddress at = server.address();
            jiio.terminal().err().println("jiio serve: listening on " + at.getAddress().getHostAddress() + ":"
                    + at.getPort() + " (context " + uri.uri + ": " + ctx.devices().size() + " devices; "
                    + (textOnly ? "text protocol only" : "text and binary protocols, opcodes " + Opcode.NUMBERING)
                    + ")");
            jiio.terminal().err().flush();
            jiio.terminal().stop().await();
        }
        return ExitCodes.OK;
    }
}
