package io.jiio.cli;

/**
 * The exit status of every {@code jiio} command. Scripts branch on these, so they are fixed and
 * listed in each command's help (the {@code *_HELP} strings are that list, kept next to the numbers
 * so the two cannot drift apart).
 */
public final class ExitCodes {
    /** The command did what it was asked; a stream stopped by SIGINT/SIGTERM or by its reader closing stdout counts too. */
    public static final int OK = 0;
    /** The context, a device or an I/O stream failed; the message on stderr says what and why. */
    public static final int ERROR = 1;
    /** The command line was wrong (a usage error: nothing was opened or changed). */
    public static final int USAGE = 2;
    /**
     * A timeout expired (ETIMEDOUT): the backend did not answer within {@code -T}, or no block
     * completed within {@code --block-timeout}. Only commands that list it return it; any other
     * command's timeout is an {@link #ERROR}.
     */
    public static final int TIMEOUT = 3;
    /**
     * {@code read} or {@code write} ran to the end, but the data has gaps: scans the device lost
     * before they reached stdout, or silence the device played for want of data. A summary on
     * stderr says how many and where; {@code --allow-loss} turns this status into {@link #OK}.
     */
    public static final int DATA_LOST = 4;

    static final String OK_HELP = "0:success (also: stopped by SIGINT/SIGTERM, or stdout closed by its reader)";
    static final String ERROR_HELP = "1:runtime or device error (message on stderr)";
    static final String USAGE_HELP = "2:usage error";
    static final String TIMEOUT_HELP = "3:timeout: the backend did not answer within -T, or no block completed "
            + "within --block-timeout (or -T)";
    static final String CONTEXT_TIMEOUT_HELP = "3:timeout: the backend (ip:) did not answer within -T milliseconds";
    static final String DATA_LOST_HELP = "4:data lost: read lost scans or write played silence (summary on stderr; "
            + "--allow-loss exits 0)";

    /** What a command that only opens a context can return: {@code info}, {@code attr}, {@code serve} … */
    static final String[] CONTEXT_COMMAND_HELP = {OK_HELP, ERROR_HELP, USAGE_HELP, CONTEXT_TIMEOUT_HELP};
    /** What a command that streams can return: {@code read}, {@code write}, {@code record}. */
    static final String[] STREAM_COMMAND_HELP = {OK_HELP, ERROR_HELP, USAGE_HELP, TIMEOUT_HELP, DATA_LOST_HELP};

    private ExitCodes() {
    }
}
