package io.jiio.cli;

import io.jiio.Errno;
import io.jiio.IioException;

/**
 * Turns a command's exception into one line on stderr ({@code jiio read: <message>}) and an exit
 * status. IioException messages already name the device, channel or block and the reason, so a
 * stack trace would only bury them; it is printed on request ({@code --verbose}, {@code JIIO_DEBUG=1}).
 */
final class Failures {
    private Failures() {
    }

    static int report(Terminal terminal, Usage usage, Exception ex, boolean verbose) {
        terminal.err().println(usage.qualifiedName() + ": " + message(ex));
        if (verbose || terminal.debug()) {
            ex.printStackTrace(terminal.err());
        }
        terminal.err().flush();
        return exitCode(ex, usage);
    }

    /** ETIMEDOUT is {@link ExitCodes#TIMEOUT} for the commands that promise it, else an error. */
    static int exitCode(Exception ex, Usage usage) {
        boolean timeout = ex instanceof IioException e && e.errno() == Errno.ETIMEDOUT;
        return timeout && usage.lists(ExitCodes.TIMEOUT) ? ExitCodes.TIMEOUT : ExitCodes.ERROR;
    }

    /** jiio's own messages as they are; anything else (a bug) keeps its class name so it can be found. */
    private static String message(Exception ex) {
        return ex instanceof IioException ? ex.getMessage() : ex.toString();
    }
}
