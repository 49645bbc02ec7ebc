package io.jiio.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;

import io.jiio.buffer.BlockState;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * One thread enqueues a block while another disables the queue, which aborts the device
 * ({@code disable()} is the only caller of {@code DmaEngine.abort}: the engine's abort stops its
 * {@code SubmitQueue} and clears it, as the sim's does). Either the enqueue came first — its
 * submit is on the submit queue when the abort clears it — and the hand-back returns the block
 * (DONE, dequeued once), or the disable came first and the block waits QUEUED for the next enable.
 * A block left ACTIVE on a stopped device would be lost for good. r1 is the block's state as an
 * ordinal of {@link BlockState}: QUEUED 1, DONE 3.
 */
@JCStressTest
@Description("enqueue vs abort: the block is handed back or stays queued, never stranded")
@Outcome(id = "3, 1", expect = ACCEPTABLE, desc = "enqueued, then aborted: handed back once")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "disabled first: queued for the next enable")
@State
public class EnqueueVsAbort {
    private final Rig rig = new Rig(false);

    @Actor
    public void application() {
        rig.queue.enqueue(rig.block);
    }

    @Actor
    public void control() {
        rig.queue.disable();
    }

    @Arbiter
    public void after(II_Result r) {
        r.r1 = rig.block.state().ordinal();
        r.r2 = rig.drain();
    }
}
