package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code -T} with libiio's meaning, {@code --block-timeout} for block waits, and exit 3 only where promised. */
@Timeout(60)
class ContextOptionsTest {

    @Test
    void libiiosNonBlockingModeIsNamedAndRefused() {
        Cli.Result r = Cli.run("info", "-T", "nb");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("no non-blocking mode"), r.stderr());
        r = Cli.run("info", "-T", "-2");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("-1 for no limit"), r.stderr());
    }

    @Test
    void noLimitAndTheDefaultAreAccepted() {
        assertEquals(ExitCodes.OK, Cli.run("info", "-T", "-1").exitCode());
        assertEquals(ExitCodes.OK, Cli.run("attr", "-T", "0", "-d", "sim-adc", "sampling_frequency").exitCode());
    }

    /** --block-timeout wins over -T: a long -T does not stretch it, and the message names the right one. */
    @Test
    void blockTimeoutOverridesTheContextTimeout() {
        long t0 = System.nanoTime();
        Cli.Result r = Cli.run("read", "-u", "sim:sim-adc.sampling_frequency=1", "-T", "60000", "-b", "256",
                "--block-timeout", "80", "-s", "256", "sim-adc", "voltage0");
        assertEquals(ExitCodes.TIMEOUT, r.exitCode(), r::toString);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20), "ended by --block-timeout");
        assertTrue(r.stderr().contains("(--block-timeout)"), r.stderr());
    }

    @Test
    void negativeBlockTimeoutIsAUsageError() {
        Cli.Result r = Cli.run("read", "--block-timeout", "-5", "sim-adc");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("--block-timeout -5"), r.stderr());
    }

    /** A peer that never answers: -T bounds opening the context, exit 3, saying what it waited for. */
    @Test
    void contextTimeoutBoundsASilentPeer() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread holder = Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().read(new byte[64]);
                    Thread.sleep(20_000);
                } catch (IOException | InterruptedException e) {
                    // closed by the test's end
                }
            });
            long t0 = System.nanoTime();
            Cli.Result r = Cli.run("info", "-u", "ip:127.0.0.1:" + silent.getLocalPort(), "-T", "300");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(ExitCodes.TIMEOUT, r.exitCode(), r::toString);
            assertTrue(r.stderr().contains("did not answer VERSION within 300 ms: is it an iiod server?"), r.stderr());
            assertTrue(ms < 4000, "took " + ms + " ms, the default would be 5000");
            holder.interrupt();
        }
    }

    /** A command that does not list exit 3 reports a timeout as an error (1), as its help says. */
    @Test
    void aTimeoutIsThreeOnlyWhereListed() {
        IioException timeout = new IioException(Errno.ETIMEDOUT, "x");
        assertEquals(ExitCodes.TIMEOUT, Failures.exitCode(timeout, InfoCommand.USAGE));
        assertEquals(ExitCodes.ERROR, Failures.exitCode(timeout, BenchCommand.USAGE));
        assertEquals(ExitCodes.ERROR, Failures.exitCode(new IioException(Errno.EIO, "x"), InfoCommand.USAGE));
    }
}
