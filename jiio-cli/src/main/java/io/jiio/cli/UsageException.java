package io.jiio.cli;

/**
 * The command line was wrong: an unknown option, a value an option cannot take, a missing
 * operand, or options that contradict each other. {@link Jiio} prints the message with the
 * command's synopsis and exits {@link ExitCodes#USAGE}; nothing has been opened or changed.
 */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message, null, false, false); // the message is the whole story: no stack trace to fill
    }
}
