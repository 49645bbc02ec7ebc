package io.jiio.cli;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a command's exception into one line on stderr ({@code jiio read: <message>}) and an exit
 * status. IioException messages already name the device, channel or block and the reason, so a
 * stack trace would only bury them; it is printed on request ({@code --verbose}, {@code JIIO_DEBUG=1}).
 */
final class Failures implements IExecutionExceptionHandler {
    private final Terminal terminal;
    private final BooleanSupplier verbose;

    Failures(Terminal terminal, BooleanSupplier verbose) {
        this.terminal = terminal;
        this.verbose = verbose;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        terminal.err().println(commandLine.getCommandSpec().qualifiedName() + ": " + message(ex));
        if (verbose.getAsBoolean() || terminal.debug()) {
            ex.printStackTrace(terminal.err());
        }
        terminal.err().flush();
        return exitCode(ex, commandLine.getCommandSpec());
    }

    /** ETIMEDOUT is {@link ExitCodes#TIMEOUT} for the commands that promise it, else an error. */
    static int exitCode(Exception ex, CommandLine.Model.CommandSpec spec) {
        boolean timeout = ex instanceof IioException e && e.errno() == Errno.ETIMEDOUT;
        return timeout && ExitCodes.listed(spec, ExitCodes.TIMEOUT) ? ExitCodes.TIMEOUT : ExitCodes.ERROR;
    }

    /** jiio's own messages as they are; anything else (a bug) keeps its class name so it can be found. */
    private static String message(Exception ex) {
        return ex instanceof IioException ? ex.getMessage() : ex.toString();
    }
}
