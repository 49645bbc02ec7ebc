package io.jiio.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;

import io.jiio.buffer.BlockState;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The application gives a block back to the device the moment it sees it DONE, without dequeuing
 * it (the kernel allows a resubmit), while the completion is still publishing it. The block must
 * end in exactly one place: with the device again (and off the outgoing ring), or on the ring,
 * dequeued once.
 */
@JCStressTest
@Description("complete vs resubmit of a DONE block: exactly one owner afterwards")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "not DONE yet when looked at: dequeued once")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "resubmitted: with the device, not on the ring")
@State
public class CompleteVsResubmit {
    private final Rig rig = new Rig(true);

    @Actor
    public void device() {
        rig.complete(Rig.BLOCK_BYTES, 1);
    }

    @Actor
    public void application(III_Result r) {
        if (rig.block.state() == BlockState.DONE) {
            rig.queue.enqueue(rig.block);
            r.r1 = 1;
        }
    }

    @Arbiter
    public void after(III_Result r) {
        r.r2 = rig.given.size();
        r.r3 = rig.drain();
    }
}
