package io.jiio.sim;

import io.jiio.buffer.Block;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The blocks the {@code static} waveform has written since the device was enabled: each is filled
 * on its first use only, like memory a DMA engine wrote once. Confined to the engine's thread; a
 * lookup of a known block allocates nothing (identity map, no boxing), so the per-block cost is a
 * hash probe. One instance per enable, so blocks of a freed generation are not kept for ever.
 */
final class FilledBlocks {
    private final Set<Block> filled = Collections.newSetFromMap(new IdentityHashMap<>());

    /** True the first time {@code block} is seen: the caller fills it now. */
    boolean firstUse(Block block) {
        return filled.add(block);
    }
}
