package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * Over random stall schedules of one reader of a paced shared capture (when it reads, how much, how
 * long it sleeps, between requests or in the middle of a reply): every reader's chunks agree with
 * the counter, delivered + reported lost = produced, and the reader that keeps up loses nothing
 * (the checks are {@link SharedCaptureLossTest#run}'s). Few tries, fixed seed, no shrinking: each
 * try runs a real server for a second and a half.
 */
class SharedCaptureLossProperties {
    @Property(tries = 5, seed = "10", shrinking = ShrinkingMode.OFF)
    void aStalledReaderNeverCostsTheOtherOne(@ForAll("schedules") List<SharedCaptureLossTest.Stall> stalls)
            throws Exception {
        SharedCaptureLossTest.Run r = SharedCaptureLossTest.run(SharedCaptureLossTest.PACED, ServerConfig.defaults(),
                2, stalls, 1500);
        assertTrue(r.readers().getFirst().lost <= r.serverDropped(),
                "all the stalled reader lost, the server dropped for it: the device never overran");
    }

    @Provide
    Arbitrary<List<SharedCaptureLossTest.Stall>> schedules() {
        Arbitrary<SharedCaptureLossTest.Stall> stall = Combinators.combine(
                Arbitraries.integers().between(1, 3 * SharedCaptureLossTest.SAMPLES),
                Arbitraries.longs().between(0, 1200),
                Arbitraries.of(true, false)).as(SharedCaptureLossTest.Stall::new);
        return stall.list().ofMinSize(1).ofMaxSize(6);
    }
}
