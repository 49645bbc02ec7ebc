package io.jiio.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A request to stop a running stream. In the real process SIGINT and SIGTERM make it (through the
 * JVM's shutdown hook); in tests the test calls {@link #request()}.
 *
 * <p>Why a shutdown hook that ends with {@link Runtime#halt}: the streaming commands must disable
 * and close their buffer before the process goes away (libiio's tools do the same on SIGINT), and
 * a stop by signal is a normal end, so the exit status is the command's own (0), not 130/143. The
 * hook therefore asks the command to stop, waits for it to finish cleaning up, and then ends the
 * process with the command's status. A command that does not notice within {@link #GRACE_MS} (one
 * blocked reading a silent stdin) is ended anyway.
 */
public final class StopSignal {
    static final long GRACE_MS = 3000;

    private final CountDownLatch requested = new CountDownLatch(1);
    private final boolean fromSignals;

    private StopSignal(boolean fromSignals) {
        this.fromSignals = fromSignals;
    }

    /** {@return the process's signal: SIGINT/SIGTERM request a stop while a command runs} */
    public static StopSignal onSignals() {
        return new StopSignal(true);
    }

    /** {@return a signal only {@link #request()} raises: for tests and embedding} */
    public static StopSignal manual() {
        return new StopSignal(false);
    }

    /** Asks the running command to stop; any thread may call it, more than once. */
    public void request() {
        requested.countDown();
    }

    /** {@return whether a stop has been requested: streaming loops check it between blocks} */
    public boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Waits until a stop is requested; an interrupt counts as one. */
    public void await() {
        try {
            requested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request();
        }
    }

    /**
     * Runs a command. For the process signal, a SIGINT/SIGTERM during it requests a stop, waits for
     * the command to return, and ends the process with the command's exit status.
     */
    int guard(IntSupplier command) {
        if (!fromSignals) {
            return command.getAsInt();
        }
        AtomicInteger status = new AtomicInteger(ExitCodes.OK);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            request();
            try {
                finished.await(GRACE_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(status.get());
        }, "jiio-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int code = command.getAsInt();
            status.set(code);
            return code;
        } catch (RuntimeException | Error e) {
            status.set(ExitCodes.ERROR); // the hook stays: it must not turn a crash into success
            throw e;
        } finally {
            // The hook stays registered: the caller's System.exit runs it, and it halts with the
            // status just set. Removing it would race a signal whose shutdown has begun but not yet
            // reached the hooks (e.g. `kill` right as the reader of stdout went away, ending the
            // command by itself): with no hook left the JVM would end with 128 + signal.
            finished.countDown();
        }
    }
}
