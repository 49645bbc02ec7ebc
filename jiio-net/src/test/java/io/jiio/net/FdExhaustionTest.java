package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that runs out of file descriptors (more clients than {@code ulimit -n} allows) must
 * neither die nor spin: it goes on accepting once descriptors are free again, and says so in a few
 * lines, not a stack trace per attempt.
 */
@Timeout(90)
class FdExhaustionTest {
    private static final int FD_LIMIT = 256;
    private static final int CLIENTS = 300;

    @Test
    void runningOutOfFileDescriptorsNeitherKillsNorFloodsTheServer() throws Exception {
        String jvm = ProcessHandle.current().info().command().orElseThrow();
        Path err = Files.createTempFile("jiio-lowfd", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "ulimit -n " + FD_LIMIT + " && exec \"$0\" "
                + "--enable-native-access=ALL-UNNAMED -cp \"$1\" " + LowFdServer.class.getName(),
                jvm, System.getProperty("java.class.path"));
        pb.redirectError(err.toFile());
        Process p = pb.start();
        List<Socket> clients = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String portLine = out.readLine();
            assertTrue(portLine != null, "the server printed no port: " + Files.readString(err));
            int port = Integer.parseInt(portLine.trim());
            assertEquals("0.24.jiio000", version(port), "a warm server first");
            for (int i = 0; i < CLIENTS; i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    clients.add(s);
                } catch (IOException e) {
                    s.close(); // the listen backlog is full too: fine, the server is at its limit
                }
            }
            Thread.sleep(3000); // the server meets EMFILE, again and again
            assertTrue(p.isAlive(), "the server died: " + Files.readString(err));
            for (Socket s : clients) {
                s.close();
            }
            clients.clear();
            long deadline = System.nanoTime() + 20_000_000_000L;
            String v = null;
            while (v == null && System.nanoTime() < deadline) {
                try {
                    v = version(port);
                } catch (IOException e) {
                    Thread.sleep(200);
                }
            }
            assertEquals("0.24.jiio000", v, "the server accepts again: " + Files.readString(err));
            List<String> log = Files.readAllLines(err);
            // Each record is two lines (java.util.logging's default format). The clients' comings
            // and goings are logged through a bucket: a burst when they connect, one when they
            // leave, one a second in between, whatever their number (300 here).
            long clientEvents = log.stream().filter(l -> l.startsWith("INFO: client ")).count();
            assertTrue(clientEvents <= 3 * ClientLog.BURST, clientEvents + " client lines for " + CLIENTS
                    + " clients:\n" + String.join("\n", log));
            assertTrue(log.size() - 2 * clientEvents < 40, log.size() + " lines of log:\n"
                    + String.join("\n", log.subList(0, Math.min(80, log.size()))));
            assertTrue(log.stream().noneMatch(l -> l.contains("Exception in thread")), String.join("\n", log));
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            p.getOutputStream().close();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            Files.deleteIfExists(err);
        }
    }

    private static String version(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(3000);
            s.getOutputStream().write("VERSION\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            return in.readLine();
        }
    }
}
