/** jcstress tests of the block hand-off's races: completion, dequeue, free, abort and resubmit. */
package io.jiio.jcstress;
