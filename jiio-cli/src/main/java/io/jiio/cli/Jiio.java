package io.jiio.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The {@code jiio} command: libiio's tools as subcommands, with their options, so muscle memory
 * transfers ({@code iio_info} → {@code jiio info}, {@code iio_attr} → {@code jiio attr},
 * {@code iio_readdev} → {@code jiio read}, {@code iio_writedev} → {@code jiio write}).
 *
 * <p>{@link #main} only binds the real process to {@link #run(Terminal, String...)}, which tests
 * call directly with in-memory streams instead of forking a JVM. Each command declares what it
 * accepts as a {@link Usage}; only the one named on the command line is loaded, since every class
 * loaded is start-up time.
 */
public final class Jiio {
    /** A command: its name, its declaration (loaded on demand) and how it is made from its arguments. */
    private record Entry(String name, Supplier<Usage> usage, BiFunction<Terminal, Args, Callable<Integer>> make) {
    }

    /** The commands, in the order {@code jiio -h} lists them. */
    private static final List<Entry> COMMANDS = List.of(
            new Entry("info", () -> InfoCommand.USAGE, InfoCommand::new),
            new Entry("attr", () -> AttrCommand.USAGE, AttrCommand::new),
            new Entry("read", () -> ReadCommand.USAGE, ReadCommand::new),
            new Entry("write", () -> WriteCommand.USAGE, WriteCommand::new),
            new Entry("record", () -> RecordCommand.USAGE, RecordCommand::new),
            new Entry("reg", () -> RegCommand.USAGE, RegCommand::new),
            new Entry("genxml", () -> GenxmlCommand.USAGE, GenxmlCommand::new),
            new Entry("serve", () -> ServeCommand.USAGE, ServeCommand::new),
            new Entry("scope", () -> ScopeCommand.USAGE, ScopeCommand::new),
            new Entry("bench", () -> BenchCommand.USAGE, BenchCommand::new));

    /** {@code jiio} before a command: its own options, and every exit code some command returns. */
    private static final Usage ROOT = Usage.command("", "Zero-copy Industrial I/O for the JVM, shaped like libiio's tools.")
            .synopsis("jiio [-hV] [--verbose] COMMAND [OPTIONS] [ARGUMENTS]")
            .exitCodes(ExitCodes.STREAM_COMMAND_HELP);

    private Jiio() {
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

    /**
     * Runs a command line on {@code terminal}. A SIGINT/SIGTERM during it (with
     * {@link StopSignal#onSignals()}) stops the command cleanly and ends the process with its status.
     *
     * @param terminal the streams, the debug switch and the stop signal
     * @param args     the command line
     * @return the exit status (see {@link ExitCodes})
     */
    public static int run(Terminal terminal, String... args) {
        return terminal.stop().guard(() -> execute(terminal, args));
    }

    private static int execute(Terminal t, String[] args) {
        int at = 0;
        while (at < args.length && Usage.looksLikeOption(args[at])) {
            at++;
        }
        Args top;
        try {
            top = ROOT.parse(Arrays.copyOfRange(args, 0, at));
        } catch (UsageException e) {
            return UsageErrors.report(t.err(), "jiio", HelpText.synopsisOf(ROOT), e);
        }
        Integer answered = helpOrVersion(t.out(), top, Jiio::rootHelp);
        if (answered != null) {
            return answered;
        }
        if (at == args.length) {
            t.err().print(rootHelp()); // nothing to do: show what there is, as a usage error
            t.err().flush();
            return ExitCodes.USAGE;
        }
        Entry entry = named(args[at]);
        if (entry == null) {
            List<String> names = COMMANDS.stream().map(Entry::name).toList();
            List<String> near = UsageErrors.similar(args[at], names).stream().map(n -> "jiio " + n).toList();
            String nl = System.lineSeparator();
            return UsageErrors.report(t.err(), "jiio", HelpText.synopsisOf(ROOT), new UsageException(
                    "unknown command '" + args[at] + "'"
                            + (near.isEmpty() ? "" : nl + "Did you mean: " + String.join(" or ", near) + "?")
                            + nl + "Commands: " + String.join(", ", names)));
        }
        Usage usage = entry.usage().get();
        boolean verbose = top.get(Usage.VERBOSE);
        try {
            Args a = usage.parse(Arrays.copyOfRange(args, at + 1, args.length));
            answered = helpOrVersion(t.out(), a, () -> HelpText.of(usage));
            if (answered != null) {
                return answered;
            }
            verbose |= a.get(Usage.VERBOSE);
            return entry.make().apply(t, a).call();
        } catch (UsageException e) {
            return UsageErrors.report(t.err(), usage.qualifiedName(), HelpText.synopsisOf(usage), e);
        } catch (Exception e) {
            return Failures.report(t, usage, e, verbose);
        }
    }

    /** With -h or -V: prints {@code help} or the version and returns {@link ExitCodes#OK}; else null, go on. */
    private static Integer helpOrVersion(PrintStream out, Args a, Supplier<String> help) {
        if (!a.get(Usage.HELP) && !a.get(Usage.VERSION)) {
            return null;
        }
        out.print(a.get(Usage.HELP) ? help.get() : Version.text());
        out.flush();
        return ExitCodes.OK;
    }

    private static String rootHelp() {
        List<String[]> rows = new ArrayList<>();
        for (Entry e : COMMANDS) {
            rows.add(new String[] {e.name(), e.usage().get().summary()});
        }
        return HelpText.root(ROOT, rows);
    }

    private static Entry named(String name) {
        for (Entry e : COMMANDS) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
