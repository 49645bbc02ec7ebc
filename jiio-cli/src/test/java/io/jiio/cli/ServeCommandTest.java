package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ShortBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code jiio serve} end to end: another {@code jiio} reads through it, and bad limits are usage errors. */
@Timeout(60)
class ServeCommandTest {
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void jiioReadsThroughJiioServeAndServeStopsCleanly() throws Exception {
        int port = freePort();
        StopSignal stop = StopSignal.manual();
        CompletableFuture<Cli.Result> served = CompletableFuture.supplyAsync(() -> Cli.run(Sink.of(java.nio.channels.Channels.newChannel(java.io.OutputStream.nullOutputStream())), stop,
                "serve", "-u", Cli.COUNTER, "-p", "" + port, "--max-clients", "4", "--buffer-timeout", "0"));
        try {
            String uri = "ip:127.0.0.1:" + port;
            Cli.Result r = null;
            for (int i = 0; i < 100; i++) {
                r = Cli.run("read", "-u", uri, "-s", "5000", "sim-adc", "voltage0", "voltage1");
                if (r.exitCode() == 0 || !r.stderr().contains("ECONNREFUSED")) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals(0, r.exitCode(), r.toString());
            ShortBuffer s = r.samples();
            assertEquals(10_000, s.remaining());
            for (int n = 0; n < 5000; n++) {
                assertEquals((short) n, s.get(2 * n));
                assertEquals((short) (n + 1), s.get(2 * n + 1));
            }
        } finally {
            stop.request();
        }
        Cli.Result done = served.get(30, TimeUnit.SECONDS);
        assertEquals(0, done.exitCode(), done.toString());
        assertTrue(done.stderr().contains("listening on 127.0.0.1:" + port), done.stderr());
        // The default log level shows each client's comings and goings, one line each.
        String log = done.stderr();
        assertTrue(log.matches("(?s).*jiio serve: \\S+ INFO client 127\\.0\\.0\\.1:\\d+ connected \\(\\d clients?\\).*"), log);
        assertTrue(log.contains(" opened sim-adc to read voltage0, voltage1 (binary, buffer 0)"), log);
        assertTrue(log.contains(" closed sim-adc"), log);
        assertTrue(log.matches("(?s).*client 127\\.0\\.0\\.1:\\d+ left after \\d+\\.\\d s.*"), log);
    }

    /** --log-level warning keeps the comings and goings out; a level that does not exist is a usage error. */
    @Test
    void logLevelChoosesWhatTheServerSays() throws Exception {
        int port = freePort();
        StopSignal stop = StopSignal.manual();
        CompletableFuture<Cli.Result> served = CompletableFuture.supplyAsync(() -> Cli.run(
                Sink.of(java.nio.channels.Channels.newChannel(java.io.OutputStream.nullOutputStream())), stop,
                "serve", "-p", "" + port, "--log-level", "warning"));
        try {
            Cli.Result r = null;
            for (int i = 0; i < 100; i++) {
                r = Cli.run("attr", "-u", "ip:127.0.0.1:" + port + ",protocol=text", "-d", "sim-adc",
                        "sampling_frequency");
                if (r.exitCode() == 0 || !r.stderr().contains("ECONNREFUSED")) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals(0, r.exitCode(), r.toString());
        } finally {
            stop.request();
        }
        Cli.Result done = served.get(30, TimeUnit.SECONDS);
        assertEquals(0, done.exitCode(), done.toString());
        assertTrue(done.stderr().contains("listening on"), done.stderr());
        assertTrue(!done.stderr().contains("connected"), done.stderr());

        Cli.Result bad = Cli.run("serve", "-p", "0", "--log-level", "chatty");
        assertEquals(ExitCodes.USAGE, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().contains("--log-level chatty: expected one of off, error, warning, info, debug"), bad.stderr());
    }

    @Test
    void aTakenPortOrAForeignAddressIsOneSentenceWithItsErrno() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli.Result r = Cli.run("serve", "-p", "" + taken.getLocalPort());
            assertEquals(ExitCodes.ERROR, r.exitCode(), r.toString());
            assertTrue(r.stderr().startsWith("jiio serve: cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                    r.stderr());
            assertTrue(r.stderr().strip().endsWith("(EADDRINUSE)"), r.stderr());
            assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
        }
        // 192.0.2.1 is TEST-NET-1: never an address of this machine.
        Cli.Result r = Cli.run("serve", "-p", "0", "--bind", "192.0.2.1");
        assertEquals(ExitCodes.ERROR, r.exitCode(), r.toString());
        assertTrue(r.stderr().strip().endsWith("(EADDRNOTAVAIL)"), r.stderr());
        // A name that does not resolve: a usage error naming it, no Java exception class.
        for (String command : new String[] {"serve", "scope"}) {
            r = Cli.run(command, "--bind", "nosuch.invalid");
            assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("--bind nosuch.invalid: not an address of this machine or a known host name"),
                    r.stderr());
            assertTrue(!r.stderr().contains("Exception"), r.stderr());
        }
    }

    @Test
    void outOfRangeLimitsAreUsageErrorsNamingTheOption() {
        Cli.Result r = Cli.run("serve", "-p", "0", "--max-clients", "0");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("--max-clients") && r.stderr().contains("at least 1"), r.stderr());
        r = Cli.run("serve", "-p", "0", "--max-buffer-bytes", "0");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("--max-buffer-bytes"), r.stderr());
        r = Cli.run("serve", "-p", "0", "--buffer-timeout", "-1");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("--buffer-timeout") && r.stderr().contains("negative"), r.stderr());
        r = Cli.run("serve", "-p", "0", "--slow-reader-grace", "-5");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("--slow-reader-grace"), r.stderr());
    }
}
