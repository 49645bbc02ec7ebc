package io.jiio.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The application frees the blocks while the device completes the one it holds: whichever wins,
 * the block's memory is given back exactly once (0 is a leak, 2 a double unmap) and the freed
 * block never reaches a dequeue.
 */
@JCStressTest
@Description("free vs complete: memory released once, nothing delivered after free")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "released once, nothing dequeued")
@State
public class FreeWhileActive {
    private final Rig rig = new Rig(true);

    @Actor
    public void device() {
        rig.complete(Rig.BLOCK_BYTES, 1);
    }

    @Actor
    public void application() {
        rig.queue.free();
    }

    @Arbiter
    public void after(II_Result r) {
        r.r1 = rig.unmaps.get();
        r.r2 = rig.drain();
    }
}
