package io.jiio.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code jiio} command: libiio's tools as subcommands, with their options, so muscle memory
 * transfers ({@code iio_info} → {@code jiio info}, {@code iio_attr} → {@code jiio attr},
 * {@code iio_readdev} → {@code jiio read}, {@code iio_writedev} → {@code jiio write}).
 *
 * <p>{@link #main} only binds the real process to {@link #run(Terminal, String...)}, which tests
 * call directly with in-memory streams instead of forking a JVM.
 */
@Command(name = "jiio", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = "Zero-copy Industrial I/O for the JVM, shaped like libiio's tools.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.ERROR_HELP, ExitCodes.USAGE_HELP, ExitCodes.TIMEOUT_HELP,
                ExitCodes.DATA_LOST_HELP})
public final class Jiio implements Callable<Integer> {

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error (also: environment JIIO_DEBUG=1).")
    boolean verbose;

    private final Terminal terminal;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Jiio(Terminal terminal) {
        this.terminal = terminal;
    }

    Terminal terminal() {
        return terminal;
    }

    /** {@code jiio} alone: there is nothing to do, so show what there is and fail as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(terminal.err()); // this command line's, with the commands added at run

        return ExitCodes.USAGE;
    }

    /**
     * The {@code jiio} command: runs the command line on the process's streams and exits with its
     * status ({@link ExitCodes}).
     *
     * @param args the command line, e.g. {@code read -u sim: -s 1000 sim-adc}
     */
    public static void main(String[] args) {
        System.exit(run(Terminal.system(), args));
    }

    /**
     * Runs a command line in-process with sample bytes to and from these streams (embedding, tests).
     *
     * @param out  text output and sample bytes of {@code read}
     * @param err  diagnostics
     * @param in   sample bytes for {@code write}
     * @param args the command line
     * @return the exit status ({@link ExitCodes})
     */
    public static int run(PrintStream out, PrintStream err, InputStream in, String... args) {
        return run(Terminal.of(out, err, in), args);
    }

    /** The subcommands, in the order {@code jiio -h} lists them. */
    private static final List<Class<?>> COMMANDS = List.of(InfoCommand.class, AttrCommand.class, ReadCommand.class,
            WriteCommand.class, RecordCommand.class, RegCommand.class, GenxmlCommand.class, ServeCommand.class,
            ScopeCommand.class, BenchCommand.class);

    /**
     * Runs a command line on {@code terminal}. A SIGINT/SIGTERM during it (with
     * {@link StopSignal#onSignals()}) stops the command cleanly and ends the process with its status.
     *
     * @param terminal the streams, the debug switch and the stop signal
     * @param args     the command line
     * @return the exit status (see {@link ExitCodes})
     */
    public static int run(Terminal terminal, String... args) {
        Jiio top = new Jiio(terminal);
        CommandLine cl = new CommandLine(top);
        // picocli reads every command's annotations when it is added, which was most of the
        // start-up time: a command line naming one command gets only that one.
        Class<?> only = args.length > 0 ? commandNamed(args[0]) : null;
        for (Class<?> c : only != null ? List.of(only) : COMMANDS) {
            cl.addSubcommand(c);
        }
        cl
                .setCaseInsensitiveEnumValuesAllowed(true) // --format csv, --writer io_uring
                .setOut(new PrintWriter(terminal.out(), true))
                .setErr(new PrintWriter(terminal.err(), true))
                .setParameterExceptionHandler(new UsageErrors())
                .setExecutionExceptionHandler(new Failures(terminal, () -> top.verbose));
        return terminal.stop().guard(() -> cl.execute(args));
    }

    private static Class<?> commandNamed(String name) {
        for (Class<?> c : COMMANDS) {
            Command cmd = c.getAnnotation(Command.class);
            if (cmd.name().equals(name) || List.of(cmd.aliases()).contains(name)) {
                return c;
            }
        }
        return null;
    }
}
