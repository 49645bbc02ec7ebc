package io.jiio.net;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The messages one java.util.logging logger writes while it is open, for tests of the server's log. */
final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (lines) {
                lines.add(r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogCapture(Class<?> of) {
        logger = Logger.getLogger(of.getName());
        logger.addHandler(handler);
    }

    /** What was written so far, in order. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
