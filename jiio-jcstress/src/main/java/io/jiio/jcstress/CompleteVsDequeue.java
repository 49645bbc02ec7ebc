package io.jiio.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;

import io.jiio.buffer.Block;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

/**
 * The device completes a block while the application dequeues without a lock between them: the
 * application either finds nothing yet, or the block with everything the device wrote (bytesUsed,
 * timestamp, position). A block seen half-written — or any other outcome — fails the test.
 */
@JCStressTest
@Description("complete vs dequeue: a dequeued block carries the completion's fields")
@Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "dequeue looked before the completion was published")
@Outcome(id = "48, 7, 0", expect = ACCEPTABLE, desc = "the block, with bytesUsed, timestamp and position")
@State
public class CompleteVsDequeue {
    private final Rig rig = new Rig(true);

    @Actor
    public void device() {
        rig.complete(48, 7);
    }

    @Actor
    public void application(JJJ_Result r) {
        Block b = rig.queue.tryDequeue();
        if (b == null) {
            r.r1 = -1;
            r.r2 = -1;
            r.r3 = -1;
        } else {
            r.r1 = b.bytesUsed();
            r.r2 = b.timestampNs();
            r.r3 = b.firstScan();
        }
    }
}
