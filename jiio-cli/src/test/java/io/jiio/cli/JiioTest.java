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

    @Test
    void everySubcommandDocumentsTheExitCodes() {
        for (String command : new String[] {"info", "attr", "read", "write"}) {
            Cli.Result r = Cli.run(command, "--help");
            assertEquals(ExitCodes.OK, r.exitCode(), command);
            assertTrue(r.stdout().contains("2   usage error"), command + ": " + r.stdout());
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
        assertTrue(r.stderr().startsWith("jiio: Unmatched argument"), r.stderr());
        assertTrue(r.stderr().contains("Did you mean: jiio read"), r.stderr()); // (or record)
        assertTrue(r.stderr().contains("Commands: info, attr, read, write, record, reg, serve, scope, bench"),
                r.stderr());
        assertTrue(r.stderr().contains("Try 'jiio --help'"), r.stderr());
    }
}
