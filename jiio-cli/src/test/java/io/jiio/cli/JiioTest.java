package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JiioTest {

    @Test
    void versionNamesJiioAndTheJavaRuntime() {
        Cli.Result r = Cli.run("--version");

        assertEquals(ExitCodes.OK, r.exitCode());
        assertTrue(r.stdout().matches("(?s)jiio \\d+\\.\\d+\\.\\d+.*\\nJava \\d+.*"), r.stdout());
    }

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        Cli.Result r = Cli.run("-h");

        assertEquals(ExitCodes.OK, r.exitCode());
        for (String command : new String[] {"info", "attr", "read", "write"}) {
            assertTrue(r.stdout().contains("\n  " + command + " "), command + " in " + r.stdout());
        }
        assertTrue(r.stdout().contains("Exit codes:"), r.stdout());
        assertTrue(r.stdout().contains("3   timeout"), r.stdout());
    }

    /** Each command lists the statuses it can return, and no other (bench cannot time out or lose data). */
    @Test
    void everySubcommandDocumentsItsOwnExitCodes() {
        String[][] expected = {
            {"info", "0123"}, {"attr", "0123"}, {"reg", "0123"}, {"genxml", "0123"}, {"serve", "0123"},
            {"scope", "0123"},
            {"read", "01234"}, {"write", "01234"}, {"record", "01234"}, {"bench", "012"},
        };
        for (String[] e : expected) {
            Cli.Result r = Cli.run(e[0], "--help");
            assertEquals(ExitCodes.OK, r.exitCode(), e[0]);
            String codes = r.stdout().substring(r.stdout().indexOf("Exit codes:"));
            for (char c = '0'; c <= '4'; c++) {
                boolean listed = codes.contains("\n  " + c + "   ");
                assertEquals(e[1].indexOf(c) >= 0, listed, e[0] + " exit " + c + ": " + codes);
            }
        }
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result r = Cli.run();

        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertTrue(r.stderr().contains("Commands:"), r.stderr());
    }

    @Test
    void unknownCommandIsAUsageErrorWithASuggestion() {
        Cli.Result r = Cli.run("reads");

        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertTrue(r.stderr().startsWith("jiio: unknown command 'reads'"), r.stderr());
        assertTrue(r.stderr().contains("Did you mean: jiio read"), r.stderr()); // (or record)
        assertTrue(r.stderr().contains("Commands: info, attr, read, write, record, reg, genxml, serve, scope, bench"),
                r.stderr());
        assertTrue(r.stderr().contains("Try 'jiio --help'"), r.stderr());
    }

    /** A failure is one line: the command, what and why, and the errno once at the end. */
    @Test
    void everyFailureIsOneLineWithItsErrnoOnce() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String[][] failures = {
            {"info", "-u", "sim:sim-adc.nope=1"},
            {"info", "-u", "nosuchscheme:"},
            {"info", "-u", "ip:127.0.0.1:" + closedPort},
            {"info", "-u", "ip:nosuch.invalid"},
            {"info", "-x", "/nonexistent/ctx.xml"},
            {"read", "-s", "1", "nodev"},
            {"read", "-s", "1", "sim-adc", "nochan"},
            {"read", "-u", "sigmf:/nonexistent/rec", "-s", "1", "sim-adc"},
            {"attr", "-d", "sim-adc", "sampling_frequency", "abc"},
            {"write", "-s", "1", "sim-dac"},
        };
        for (String[] args : failures) {
            Cli.Result r = Cli.run(args);
            String err = r.stderr().strip();
            assertEquals(ExitCodes.ERROR, r.exitCode(), String.join(" ", args) + ": " + r);
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.matches("jiio \\w+: .+ \\(E[A-Z0-9]+\\)"), err);
            assertEquals(1, java.util.regex.Pattern.compile("\\(E[A-Z0-9]+\\)").matcher(err).results().count(), err);
            assertTrue(!err.contains("Exception"), err);
        }
    }
}
