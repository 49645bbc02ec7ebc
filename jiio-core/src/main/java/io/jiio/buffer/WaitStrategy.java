package io.jiio.buffer;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.Locale;

/**
 * How a thread waits for the other side of a block hand-off: the application in
 * {@link BlockQueue#dequeue()} for the device to complete a block, and a device thread (the
 * simulator's DMA, a network reader) for the application to submit one. Chosen per queue with
 * {@link QueueConfig#withWaitStrategy}; the engine's thread uses the same one.
 *
 * <p>Which to take:
 * <ul>
 *   <li>{@link #BLOCKING} (the default): parks at once. No CPU is spent waiting; each hand-off to
 *       a parked thread costs a kernel wake-up (microseconds: 8–12 µs on a small VM with an idle
 *       core). A side is woken once per batch of blocks that arrive while it is parked, so keep
 *       enough blocks in flight for each wake-up to carry many: with 16 blocks of 4 KiB the
 *       two-thread cycle is bounded near 1 M/s by the wake-ups, with 64 (the default limit) it
 *       runs at several M/s. Right for anything that is not latency-critical, for many queues at
 *       once, and whenever cores are scarce.</li>
 *   <li>{@link #SPIN_THEN_PARK}: spins for about {@value #SPIN_NANOS} ns, yields for as long
 *       again, then parks. A hand-off that comes within that window costs no wake-up; a device
 *       that pauses longer costs only the window's CPU. The usual choice for a steady stream of
 *       small blocks.</li>
 *   <li>{@link #YIELDING}: spins briefly, then {@link Thread#yield()}s until woken. Low latency
 *       while leaving the core to other runnable threads; the waiting thread still shows as busy.
 *       Fits when there are more threads than cores but latency matters.</li>
 *   <li>{@link #BUSY_SPIN}: spins without ever giving up the core. Lowest latency, one core
 *       burned per waiting thread: only with a core to spare for each (pinned threads, more cores
 *       than busy threads). On a machine with fewer cores than spinning threads it is the
 *       slowest choice, because the spinner keeps the thread it waits for off the CPU.</li>
 * </ul>
 */
public enum WaitStrategy {
    /** Parks at once; no CPU spent waiting, a kernel wake-up per hand-off (the default). */
    BLOCKING,
    /** Spins, then yields, for about {@value #SPIN_NANOS} ns each, then parks. */
    SPIN_THEN_PARK,
    /** Spins briefly, then yields until woken; never parks. */
    YIELDING,
    /** Spins and never gives up the core: only with a core to spare per waiting thread. */
    BUSY_SPIN;

    /** How long {@link #SPIN_THEN_PARK} spins, and then yields, before it parks. */
    public static final long SPIN_NANOS = 20_000;

    /** Whether a thread waiting this way may park, so that the other side must wake it. */
    boolean parks() {
        return this == BLOCKING || this == SPIN_THEN_PARK;
    }

    /**
     * Parses a name as the command line gives it: {@code blocking}, {@code spin-then-park} (or
     * {@code hybrid}), {@code yielding}, {@code busy-spin} (or {@code spin}); case and {@code -}/{@code _}
     * do not matter.
     *
     * @param s the name
     * @return the strategy
     * @throws IioException EINVAL for an unknown name, listing the known ones
     */
    public static WaitStrategy parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (k) {
            case "blocking", "block", "park" -> BLOCKING;
            case "spin-then-park", "hybrid" -> SPIN_THEN_PARK;
            case "yielding", "yield" -> YIELDING;
            case "busy-spin", "spin", "busy" -> BUSY_SPIN;
            default -> throw new IioException(Errno.EINVAL, "unknown wait strategy '" + s
                    + "' (blocking, spin-then-park, yielding, busy-spin)");
        };
    }

    /** {@return the name {@link #parse} reads, e.g. {@code spin-then-park}} */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
