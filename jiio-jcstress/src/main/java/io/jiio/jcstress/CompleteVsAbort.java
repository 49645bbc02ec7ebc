package io.jiio.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;

import io.jiio.buffer.Block;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The device's thread takes the submitted block and completes it while another thread disables the
 * queue. The abort stops the submit queue and waits for the device's thread (its join), and only
 * then does the disabling thread hand back what is still ACTIVE, publishing on the outgoing ring
 * the device published on: the producer role changes hands there. Either the device completed the
 * block (full) or it saw the stop first and the abort handed it back (empty); in both cases the
 * block is dequeued exactly once. Twice, never, or still ACTIVE fails the test. r1: the block's
 * state before the dequeue (DONE 3); r2: blocks dequeued; r3: the bytes the dequeued block carries.
 */
@JCStressTest
@Description("complete vs abort: the block comes back once, completed or handed back")
@Outcome(id = "3, 1, " + Rig.BLOCK_BYTES, expect = ACCEPTABLE, desc = "the device completed it first")
@Outcome(id = "3, 1, 0", expect = ACCEPTABLE, desc = "stopped before the device took it: handed back empty")
@State
public class CompleteVsAbort {
    private final Rig rig = new Rig(true, true);

    @Actor
    public void device() {
        rig.device();
    }

    @Actor
    public void control() {
        rig.queue.disable();
    }

    @Arbiter
    public void after(III_Result r) {
        r.r1 = rig.block.state().ordinal();
        int n = 0;
        long bytes = -1;
        Block b;
        while ((b = rig.queue.tryDequeue()) != null) {
            n++;
            bytes = b.bytesUsed();
        }
        r.r2 = n;
        r.r3 = (int) bytes;
    }
}
