package io.jiio.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Context;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server without a browser: its address, its refusals, and the WebSocket's first messages. */
@Timeout(60)
class ScopeServerTest {
    /**
     * A client per request: the server closes the connection after refusing a request whose body it
     * did not read, and a pooled connection could be reused just as it closes (seen once in a run).
     */
    private static HttpClient http() {
        return HttpClient.newHttpClient();
    }

    @Test
    void aTakenPortIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Context ctx = Context.open("sim:")) {
            IioException e = assertThrows(IioException.class,
                    () -> ScopeServer.start(ctx, ScopeConfig.of("sim:").withPort(taken.getLocalPort())));
            assertEquals(Errno.EADDRINUSE, e.errno());
            assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": address already in use"), e.getMessage());
        }
    }

    @Test
    void bindsTheLoopbackAddressByDefault() {
        try (Context ctx = Context.open("sim:"); ScopeServer s = ScopeServer.start(ctx, ScopeConfig.of("sim:"))) {
            assertTrue(s.address().getAddress().isLoopbackAddress(), s.address().toString());
            assertTrue(s.port() > 0);
            assertEquals(URI.create("http://127.0.0.1:" + s.port() + "/"), s.url());
            assertEquals("sim-adc: voltage0 voltage1 voltage2 voltage3", s.describeCapture());
        }
    }

    @Test
    void servesThePageAndUplotAndRefusesForeignWrites() throws Exception {
        try (Context ctx = Context.open("sim:"); ScopeServer s = ScopeServer.start(ctx, ScopeConfig.of("sim:"))) {
            URI base = s.url();
            HttpResponse<String> page = http().send(HttpRequest.newBuilder(base).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<title>jiio scope</title>"));
            HttpResponse<String> uplot = http().send(HttpRequest.newBuilder(base.resolve("/uplot/uPlot.iife.min.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, uplot.statusCode());
            assertTrue(uplot.headers().firstValue("content-type").orElse("").startsWith("text/javascript"));
            int outside = http().send(HttpRequest.newBuilder(URI.create(base + "uplot/%2e%2e/%2e%2e/x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
            assertTrue(outside == 400 || outside == 404, "nothing outside the page's files: " + outside);

            String write = "{\"device\":\"sim-adc\",\"channel\":0,\"kind\":\"channel\",\"name\":\"scale\",\"value\":\"2\"}";
            HttpResponse<String> foreign = http().send(HttpRequest.newBuilder(base.resolve("/api/attr"))
                    .header("Content-Type", "application/json").header("Origin", "http://evil.example")
                    .POST(HttpRequest.BodyPublishers.ofString(write)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, foreign.statusCode());
            HttpResponse<String> plain = http().send(HttpRequest.newBuilder(base.resolve("/api/attr"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(write)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(415, plain.statusCode());
            assertEquals("0.152587890625", ctx.requireDevice("sim-adc").requireChannel("voltage0").requireAttribute("scale").read(),
                    "neither reached the device");

            HttpResponse<String> ok = http().send(HttpRequest.newBuilder(base.resolve("/api/attr"))
                    .header("Content-Type", "application/json").header("Origin", "http://127.0.0.1:" + s.port())
                    .POST(HttpRequest.BodyPublishers.ofString(write)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("2", ctx.requireDevice("sim-adc").requireChannel("voltage0").requireAttribute("scale").read());

            HttpResponse<String> unknown = http().send(HttpRequest.newBuilder(base.resolve("/api/attr"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(write.replace("scale", "nope"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(422, unknown.statusCode());
            assertTrue(unknown.body().contains("has no attribute 'nope'"), unknown.body());

            HttpResponse<String> tree = http().send(HttpRequest.newBuilder(base.resolve("/api/tree")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode t = Messages.JSON.readTree(tree.body());
            assertEquals("sim-adc", t.path("devices").get(0).path("name").asText());
            assertTrue(t.path("devices").get(0).path("captured").asBoolean());
        }
    }

    @Test
    void aWebSocketFromAnotherSiteIsRefused() {
        try (Context ctx = Context.open("sim:"); ScopeServer s = ScopeServer.start(ctx, ScopeConfig.of("sim:"))) {
            CompletableFuture<WebSocket> ws = http().newWebSocketBuilder().header("Origin", "http://evil.example")
                    .buildAsync(URI.create("ws://127.0.0.1:" + s.port() + "/ws"), new WebSocket.Listener() { });
            CompletionException e = assertThrows(CompletionException.class, ws::join);
            assertTrue(e.getCause() instanceof java.net.http.WebSocketHandshakeException, String.valueOf(e.getCause()));
            assertEquals(403, ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
            assertEquals(0, s.viewers());
        }
    }

    /** Two clients share one capture: each is told what is captured, gets frames and the figures. */
    @Test
    void twoWebSocketClientsShareOneCapture() throws Exception {
        String uri = "sim:sim-adc.sampling_frequency=102400,sim-adc.waveform_period=128";
        try (Context ctx = Context.open(uri); ScopeServer s = ScopeServer.start(ctx, ScopeConfig.of(uri))) {
            Client a = new Client(s.port());
            Client b = new Client(s.port());
            JsonNode hello = a.text("hello");
            assertEquals("sim-adc", hello.path("capture").path("device").asText());
            assertEquals("mV", hello.path("capture").path("channels").get(0).path("unit").asText());
            b.text("hello");
            assertEquals(2, s.viewers());
            ByteBuffer frame = a.binary();
            assertTrue(frame.get(0) == FrameEncoder.TRACE || frame.get(0) == FrameEncoder.SPECTRUM);
            assertTrue(b.binary() != null);
            JsonNode status = a.text("status");
            for (int i = 0; i < 10 && status.path("viewers").asInt() != 2; i++) {
                status = a.text("status");
            }
            assertEquals(2, status.path("viewers").asInt());
            a.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            b.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (s.viewers() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, s.viewers());
        }
    }

    /** A write the device refuses while streaming, and then refuses for its value: the capture runs on. */
    @Test
    void aRefusedWriteLeavesTheCaptureRunning() throws Exception {
        String uri = "sim:sim-adc.sampling_frequency=102400";
        try (Context ctx = Context.open(uri); ScopeServer s = ScopeServer.start(ctx, ScopeConfig.of(uri))) {
            Client a = new Client(s.port());
            JsonNode status = a.text("status");
            for (int i = 0; i < 20 && !"running".equals(status.path("state").asText()); i++) {
                status = a.text("status");
            }
            assertEquals("running", status.path("state").asText(), status.toString());
            HttpResponse<String> r = http().send(HttpRequest.newBuilder(s.url().resolve("/api/attr"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"device\":\"sim-adc\",\"channel\":-1,"
                            + "\"kind\":\"device\",\"name\":\"sampling_frequency\",\"value\":\"-5\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(422, r.statusCode());
            assertTrue(r.body().contains("out of range"), r.body());
            long run = 0;
            for (int i = 0; i < 20; i++) {
                status = a.text("status");
                run = status.path("run").asLong();
                if (run == 2 && "running".equals(status.path("state").asText())) {
                    break;
                }
            }
            assertEquals(2, run, status.toString());
            assertEquals("running", status.path("state").asText(), status.toString());
        }
    }

    /** A minimal WebSocket client that keeps what arrives. */
    private final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final WebSocket ws;
        private final StringBuilder text = new StringBuilder();
        private ByteBuffer bin = ByteBuffer.allocate(0);

        Client(int port) {
            ws = http().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), this).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            ByteBuffer grown = ByteBuffer.allocate(bin.remaining() + data.remaining());
            grown.put(bin).put(data).flip();
            bin = grown;
            if (last) {
                messages.add(bin.order(java.nio.ByteOrder.LITTLE_ENDIAN));
                bin = ByteBuffer.allocate(0);
            }
            w.request(1);
            return null;
        }

        JsonNode text(String type) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                Object m = messages.poll(1, TimeUnit.SECONDS);
                if (m instanceof String s) {
                    JsonNode n = Messages.JSON.readTree(s);
                    if (type.equals(n.path("type").asText())) {
                        return n;
                    }
                }
            }
            throw new AssertionError("no " + type + " message");
        }

        ByteBuffer binary() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                Object m = messages.poll(1, TimeUnit.SECONDS);
                if (m instanceof ByteBuffer b) {
                    return b;
                }
            }
            throw new AssertionError("no frame");
        }
    }
}
