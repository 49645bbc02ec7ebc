package io.jiio.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code jiio serve}'s log: the server's lines (clients connecting, opening and closing buffers,
 * leaving; refusals, losses, failures) on stderr, one line each, at the level {@code --log-level}
 * sets. Only jiio's loggers are configured, so an application that embeds the server keeps its
 * own logging set-up.
 */
final class ServerLog {
    /** {@code --log-level}'s choices, most to least quiet; each shows its own lines and the louder ones. */
    enum LogLevel {
        OFF(Level.OFF), ERROR(Level.SEVERE), WARNING(Level.WARNING), INFO(Level.INFO), DEBUG(Level.FINE);

        final Level jul;

        LogLevel(Level jul) {
            this.jul = jul;
        }
    }

    /** Held strongly: java.util.logging keeps loggers only weakly, and would forget the set-up. */
    private static final Logger JIIO = Logger.getLogger("io.jiio");

    private ServerLog() {
    }

    /** Sends jiio's log lines at {@code level} and above to {@code err}, replacing any earlier set-up. */
    static void configure(LogLevel level, PrintStream err, String prefix) {
        for (Handler h : JIIO.getHandlers()) {
            JIIO.removeHandler(h);
        }
        JIIO.setUseParentHandlers(false);
        JIIO.setLevel(level.jul);
        LocalTime.now(); // loads the time-zone data now, not at the first line (perhaps out of file descriptors)
        Handler h = new Handler() {
            private final Formatter format = new LineFormat(prefix, level == LogLevel.DEBUG);

            @Override
            public void publish(LogRecord r) {
                if (isLoggable(r)) {
                    err.print(format.format(r));
                    err.flush();
                }
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() {
                flush();
            }
        };
        h.setLevel(level.jul);
        JIIO.addHandler(h);
    }

    /** {@code jiio serve: 06:40:01.123 INFO client 127.0.0.1:5432 connected (1 client)}. */
    private static final class LineFormat extends Formatter {
        private final String prefix;
        private final boolean traces;

        LineFormat(String prefix, boolean traces) {
            this.prefix = prefix;
            this.traces = traces;
        }

        @Override
        public String format(LogRecord r) {
            StringBuilder b = new StringBuilder(prefix).append(": ")
                    .append(LocalTime.now().truncatedTo(ChronoUnit.MILLIS)).append(' ')
                    .append(name(r.getLevel())).append(' ').append(formatMessage(r));
            Throwable t = r.getThrown();
            if (t != null && traces) {
                StringWriter w = new StringWriter();
                t.printStackTrace(new PrintWriter(w));
                b.append(System.lineSeparator()).append(w.toString().stripTrailing());
            } else if (t != null) {
                b.append(": ").append(t.getMessage() != null ? t.getMessage() : t.toString());
            }
            return b.append(System.lineSeparator()).toString();
        }

        private static String name(Level l) {
            if (l.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (l.intValue() >= Level.WARNING.intValue()) {
                return "WARN";
            }
            return l.intValue() >= Level.INFO.intValue() ? "INFO" : "DEBUG";
        }
    }
}
