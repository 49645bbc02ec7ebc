package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code jiio scope} and {@code jiio serve --http} as commands: what they print, serve and refuse. */
@Timeout(60)
class ScopeCommandTest {
    private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)");
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * A command running until {@link #stop}, with its stderr readable while it runs. On a thread of
     * its own: the common fork-join pool may have a single worker, which a command blocked until
     * stopped would hold — and java.net.http completes its stages there.
     */
    private static final class Running implements AutoCloseable {
        final StopSignal stop = StopSignal.manual();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Integer> exit;

        Running(String... args) {
            PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
            Terminal t = new Terminal(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    errStream, Sink.of(java.nio.channels.Channels.newChannel(java.io.OutputStream.nullOutputStream())),
                    java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(new byte[0])), false, false, stop);
            exit = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name("jiio " + args[0]).start(() -> exit.complete(Jiio.run(t, args)));
        }

        synchronized String stderr() {
            return err.toString(StandardCharsets.UTF_8);
        }

        /** The first address printed that matches, waiting for it. */
        URI url(String after) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                String e = stderr();
                int at = e.indexOf(after);
                if (at >= 0) {
                    Matcher m = URL.matcher(e.substring(at));
                    if (m.find()) {
                        return URI.create(m.group(1));
                    }
                }
                if (exit.isDone()) {
                    throw new AssertionError("ended early: " + e);
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no address after '" + after + "': " + stderr());
        }

        int stop() throws Exception {
            stop.request();
            return exit.get(30, TimeUnit.SECONDS);
        }

        /** Stops it if the test did not (it failed half-way). */
        @Override
        public void close() throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
            if (!exit.isDone()) {
                stop.request();
                try {
                    exit.get(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private String get(URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), uri + ": " + r.body());
        return r.body();
    }

    @Test
    void servesThePageUntilStopped() throws Exception {
        try (Running scope = new Running("scope", "-u", "sim:sim-adc.sampling_frequency=100000", "--http-port", "0",
                "sim-adc", "voltage1", "voltage0")) {
            URI url = scope.url("jiio scope: ");
            assertTrue(get(url).contains("<title>jiio scope</title>"));
            String capture = get(url.resolve("/api/capture"));
            assertTrue(capture.contains("\"channels\":[\"voltage0\",\"voltage1\"]"), capture);
            assertEquals(0, scope.stop(), scope.stderr());
            assertTrue(scope.stderr().contains(" shows sim-adc: voltage0 voltage1 (context sim:sim-adc.sampling_frequency=100000)"),
                    scope.stderr());
        }
    }

    @Test
    void aTakenPortIsAnErrorNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli.Result r = Cli.run("scope", "--http-port", "" + taken.getLocalPort());
            assertEquals(ExitCodes.ERROR, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("jiio scope: --http-port " + taken.getLocalPort() + ": cannot listen on "
                    + "127.0.0.1:" + taken.getLocalPort() + ": address already in use"), r.stderr());
        }
    }

    @Test
    void serveWithHttpOnATakenPortIsAnErrorNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli.Result r = Cli.run("serve", "-u", "sim:", "-p", "0", "--http", "" + taken.getLocalPort());
            assertEquals(ExitCodes.ERROR, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": address already in use"), r.stderr());
            assertTrue(r.stderr().contains("jiio serve: --http " + taken.getLocalPort() + ": cannot listen"), r.stderr());
            assertTrue(!r.stderr().contains("--http-port"), "serve's option is --http: " + r.stderr());
            assertTrue(!r.stderr().contains("listening on"), "not said before both listen: " + r.stderr());
        }
    }

    @Test
    void aDeviceWithoutInputsIsSaidAndThePageStillServesTheContext() throws Exception {
        try (Running scope = new Running("scope", "--http-port", "0", "sim-dac")) {
            URI url = scope.url("jiio scope: ");
            String capture = get(url.resolve("/api/capture"));
            assertTrue(capture.contains("sim-dac has no input channels"), capture);
            assertEquals(0, scope.stop());
            assertTrue(scope.stderr().contains("jiio scope: sim-dac has no input channels (its channels are outputs)"),
                    scope.stderr());
            assertTrue(scope.stderr().contains("shows the context, nothing captured"), scope.stderr());
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        Cli.Result r = Cli.run("scope", "--http-port", "70000");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("--http-port 70000"), r.stderr());
        r = Cli.run("scope", "--http-port", "0", "--blocks", "65");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        r = Cli.run("scope", "--http-port", "0", "nope");
        assertEquals(ExitCodes.ERROR, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("no device 'nope'"), r.stderr());
    }

    @Test
    void serveWithHttpServesTheScopeThroughItself() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (Running serve = new Running("serve", "-u", "sim:sim-adc.sampling_frequency=100000", "-p", "" + port,
                "--http", "0")) {
            URI url = serve.url("jiio serve: scope at ");
            assertTrue(serve.stderr().contains("through ip:127.0.0.1:" + port + ",protocol=text"), serve.stderr());
            String tree = get(url.resolve("/api/tree"));
            assertTrue(tree.contains("\"uri\":\"ip:127.0.0.1:" + port + ",protocol=text\""), tree);
            assertTrue(tree.contains("\"name\":\"sim-adc\""), tree);
            // a page connects: the scope captures through the server (its status counts scans, no loss)
            java.util.concurrent.LinkedBlockingQueue<String> texts = new java.util.concurrent.LinkedBlockingQueue<>();
            java.net.http.WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws" + url.toString().substring(4)
                    + "ws"), new java.net.http.WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data,
                                                                              boolean last) {
                            text.append(data);
                            if (last) {
                                texts.add(text.toString());
                                text.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(20, TimeUnit.SECONDS);
            String status = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && !(status.contains("\"state\":\"running\"") && status.contains("\"scans\":")
                    && !status.contains("\"scans\":0,"))) {
                String m = texts.poll(1, TimeUnit.SECONDS);
                status = m != null && m.contains("\"type\":\"status\"") ? m : status;
            }
            assertTrue(status.contains("\"state\":\"running\"") && status.contains("\"lostScans\":0"), status);
            // while the scope reads, the server still serves the same device to its other text-protocol
            // clients: they share one capture (a binary-protocol buffer would take the device for itself)
            Cli.Result r = Cli.run("read", "-u", "ip:127.0.0.1:" + port + ",protocol=text", "-s", "1000", "sim-adc",
                    "voltage0");
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals(2000, r.stdoutBytes().length);
            ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
            assertEquals(0, serve.stop(), serve.stderr());
        }
    }
}
