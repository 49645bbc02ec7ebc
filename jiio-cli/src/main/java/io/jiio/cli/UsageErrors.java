package io.jiio.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage error as a few lines on stderr: what is wrong, a suggestion for a mistyped option, the
 * synopsis, and where the full help is. picocli's default prints the whole help, which pushes the
 * one line that matters off the screen.
 */
final class UsageErrors implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        PrintWriter err = cl.getErr();
        String message = ex.getMessage();
        err.println(name + ": " + (message.startsWith("Error: ") ? message.substring(7) : message));
        UnmatchedArgumentException.printSuggestions(ex, err);
        if (cl.getParent() == null && !cl.getSubcommands().isEmpty() && ex instanceof UnmatchedArgumentException u
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            // An unknown command: say which there are (the synopsis only says [COMMAND]).
            err.println("Commands: " + String.join(", ", cl.getSubcommands().keySet()));
        }
        err.print(cl.getHelp().fullSynopsis());
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }
}
