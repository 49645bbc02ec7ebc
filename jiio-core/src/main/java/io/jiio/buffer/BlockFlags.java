package io.jiio.buffer;

/**
 * Block flags, numbered as in the kernel's {@code struct iio_buffer_block}. Bit 0 was
 * {@code TIMESTAMP_VALID} in the first version of the block API and is reserved now, so
 * {@link #CYCLIC} is bit 1 as the review of that patch settled it.
 */
public final class BlockFlags {
    /** Bit 0: reserved (the seed's TIMESTAMP_VALID); setting it is an error. */
    public static final int RESERVED_0 = 1;
    /** Bit 1: output only — the block repeats until the buffer is disabled. */
    public static final int CYCLIC = 1 << 1;
    /** Every flag an application may set. */
    public static final int VALID = CYCLIC;

    private BlockFlags() {
    }

    /**
     * Flags for messages.
     *
     * @param flags block flags
     * @return {@code none}, {@code CYCLIC}, with any unknown bits in hex
     */
    public static String describe(int flags) {
        if (flags == 0) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        if ((flags & CYCLIC) != 0) {
            b.append("CYCLIC");
        }
        int rest = flags & ~CYCLIC;
        if (rest != 0) {
            b.append(b.isEmpty() ? "" : "|").append("0x").append(Integer.toHexString(rest));
        }
        return b.toString();
    }
}
