package io.jiio.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.util.function.BooleanSupplier;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;

/**
 * Everything a command touches outside the device: text streams, the raw sample streams, whether a
 * person watches stderr, the debug switch and the stop signal. Passed in rather than taken from
 * {@link System} so that tests run commands in-process on in-memory streams.
 *
 * @param out         text output (listings, attribute values)
 * @param err         diagnostics, warnings and the progress line
 * @param samplesOut  where {@code read} writes raw scans
 * @param samplesIn   where {@code write} reads raw scans
 * @param interactiveCheck whether stderr is a terminal (draw the live progress line without being
 *                    asked); asked only when a command wants to know, once, because the native
 *                    isatty call costs a noticeable part of start-up
 * @param debug       print stack traces with errors ({@code JIIO_DEBUG=1})
 * @param stop        raised by SIGINT/SIGTERM (or a test) to end a stream cleanly
 */
public record Terminal(PrintStream out, PrintStream err, Sink samplesOut, ReadableByteChannel samplesIn,
                       BooleanSupplier interactiveCheck, boolean debug, StopSignal stop) {

    private static final int STDERR_FD = 2;

    /**
     * A terminal whose interactivity is known already (tests, and copies of a terminal).
     *
     * @param out         text output
     * @param err         diagnostics, warnings and the progress line
     * @param samplesOut  where {@code read} writes raw scans
     * @param samplesIn   where {@code write} reads raw scans
     * @param interactive whether a person watches stderr
     * @param debug       print stack traces with errors
     * @param stop        ends a stream cleanly when raised
     */
    public Terminal(PrintStream out, PrintStream err, Sink samplesOut, ReadableByteChannel samplesIn,
                    boolean interactive, boolean debug, StopSignal stop) {
        this(out, err, samplesOut, samplesIn, () -> interactive, debug, stop);
    }

    /** {@return whether a person watches stderr (see {@link #interactiveCheck})} */
    public boolean interactive() {
        return interactiveCheck.getAsBoolean();
    }

    /** isatty(2), asked the first time and remembered. */
    private static final class StderrIsTerminal implements BooleanSupplier {
        private volatile Boolean answer;

        @Override
        public boolean getAsBoolean() {
            Boolean a = answer;
            if (a == null) {
                a = isTerminal(STDERR_FD);
                answer = a;
            }
            return a;
        }
    }

    /**
     * {@return the real process: stdout/stdin as file channels, signals, {@code JIIO_DEBUG} from
     * the environment}
     */
    public static Terminal system() {
        return new Terminal(System.out, System.err, Sink.stdout(),
                new FileInputStream(FileDescriptor.in).getChannel(), new StderrIsTerminal(),
                "1".equals(System.getenv("JIIO_DEBUG")), StopSignal.onSignals());
    }

    /**
     * A terminal on in-memory (or any) streams: sample bytes go to {@code out} and come from
     * {@code in}; not interactive; stopped only by the caller.
     *
     * @param out text output and sample bytes
     * @param err diagnostics
     * @param in  sample bytes for {@code write}
     * @return the terminal
     */
    public static Terminal of(PrintStream out, PrintStream err, InputStream in) {
        return new Terminal(out, err, Sink.of(Channels.newChannel(out)), Channels.newChannel(in),
                false, false, StopSignal.manual());
    }

    /**
     * Whether the descriptor is a terminal. The progress line goes to stderr, so what matters is
     * whether stderr is one — {@code System.console()} answers for stdin and stdout instead, and
     * stdout is exactly what {@code jiio read > file} redirects. On Linux the answer is where
     * {@code /proc/self/fd/N} points (a tty or pts device): making a downcall handle for isatty(3)
     * costs about as much start-up time as the whole command line's parsing. Elsewhere, isatty.
     */
    static boolean isTerminal(int fd) {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (java.io.IOException | UnsupportedOperationException noProc) {
            return isatty(fd);
        }
    }

    @SuppressWarnings("restricted")
    private static boolean isatty(int fd) {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle isatty = linker.downcallHandle(linker.defaultLookup().find("isatty").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            return (int) isatty.invokeExact(fd) == 1;
        } catch (Throwable noNativeAccess) {
            return System.console() != null;
        }
    }
}
