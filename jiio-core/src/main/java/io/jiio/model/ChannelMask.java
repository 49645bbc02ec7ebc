package io.jiio.model;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Which channels of one device take part in a buffer, one bit per channel {@link Channel#position()
 * position}. Positions rather than scan indices, because that is what libiio and the iiod protocol
 * put on the wire (see {@link #toHex()}). Mutable, like {@link java.util.BitSet}: build it, then hand
 * out {@link #copy()}s.
 */
public final class ChannelMask {
    private final int channelCount;
    private final long[] words;

    /**
     * An empty mask for a device with {@code channelCount} channels.
     *
     * @param channelCount the device's channels, input and output ({@code device.channels().size()})
     * @throws IioException EINVAL for a negative count
     */
    public ChannelMask(int channelCount) {
        if (channelCount < 0) {
            throw new IioException(Errno.EINVAL, "channel mask: channel count " + channelCount + " is negative");
        }
        this.channelCount = channelCount;
        this.words = new long[(channelCount + 63) >>> 6];
    }

    /** {@return the device's channel count the mask is sized for} */
    public int channelCount() {
        return channelCount;
    }

    /**
     * Enables a position.
     *
     * @param position a channel's {@link Channel#position()}
     * @return this mask
     * @throws IioException EINVAL for a position outside the mask
     */
    public ChannelMask enable(int position) {
        check(position);
        words[position >>> 6] |= 1L << position;
        return this;
    }

    /**
     * Disables a position.
     *
     * @param position a channel's {@link Channel#position()}
     * @return this mask
     * @throws IioException EINVAL for a position outside the mask
     */
    public ChannelMask disable(int position) {
        check(position);
        words[position >>> 6] &= ~(1L << position);
        return this;
    }

    /**
     * Whether a position is enabled.
     *
     * @param position a channel's {@link Channel#position()}
     * @return true when enabled
     * @throws IioException EINVAL for a position outside the mask
     */
    public boolean isEnabled(int position) {
        check(position);
        return (words[position >>> 6] & (1L << position)) != 0;
    }

    /**
     * Enables the channel's {@link Channel#position() position}.
     *
     * @param channel a channel of the mask's device
     * @return this mask
     * @throws IioException EINVAL for a channel bound to no device (position -1) or outside the mask
     */
    public ChannelMask enable(Channel channel) {
        return enable(positionOf(channel));
    }

    /**
     * Disables the channel's position.
     *
     * @param channel a channel of the mask's device
     * @return this mask
     */
    public ChannelMask disable(Channel channel) {
        return disable(positionOf(channel));
    }

    /**
     * Whether the channel is enabled.
     *
     * @param channel a channel of the mask's device
     * @return true when enabled
     */
    public boolean isEnabled(Channel channel) {
        return isEnabled(positionOf(channel));
    }

    /** {@return how many channels are enabled} */
    public int cardinality() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /** {@return whether no channel is enabled (no buffer opens with such a mask)} */
    public boolean isEmpty() {
        for (long w : words) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A new mask with the channels enabled in either.
     *
     * @param other a mask for the same channel count
     * @return the union; both masks stay as they are
     * @throws IioException EINVAL when the channel counts differ
     */
    public ChannelMask union(ChannelMask other) {
        sameCount(other, "union");
        ChannelMask result = new ChannelMask(channelCount);
        for (int i = 0; i < words.length; i++) {
            result.words[i] = words[i] | other.words[i];
        }
        return result;
    }

    /**
     * Whether every channel enabled here is enabled in {@code other} too.
     *
     * @param other a mask for the same channel count
     * @return true when this mask is a subset
     * @throws IioException EINVAL when the channel counts differ
     */
    public boolean isSubsetOf(ChannelMask other) {
        sameCount(other, "isSubsetOf");
        for (int i = 0; i < words.length; i++) {
            if ((words[i] & ~other.words[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@return an independent copy, to hand out while this mask may still change} */
    public ChannelMask copy() {
        ChannelMask result = new ChannelMask(channelCount);
        System.arraycopy(words, 0, result.words, 0, words.length);
        return result;
    }

    /** {@return the enabled positions in ascending order} */
    public IntStream positions() {
        return IntStream.iterate(next(0), p -> p >= 0, p -> next(p + 1));
    }

    /**
     * libiio's iiod wire form: eight lower-case hex digits per 32-bit word, most significant word
     * first; bit {@code i} is position {@code i}. Five channels with 0 and 1 enabled: {@code 00000003}.
     *
     * @return the hex form, 8 digits per 32 channels
     */
    public String toHex() {
        int hexWords = (channelCount + 31) >>> 5;
        char[] out = new char[hexWords * 8];
        int at = 0;
        for (int i = hexWords - 1; i >= 0; i--) {
            int word = (int) (words[i >>> 1] >>> ((i & 1) << 5));
            for (int shift = 28; shift >= 0; shift -= 4) {
                out[at++] = Character.forDigit((word >>> shift) & 0xF, 16);
            }
        }
        return new String(out);
    }

    /**
     * Reads {@link #toHex()}'s form (upper-case digits too).
     *
     * @param hex          the hex form
     * @param channelCount the device's channel count
     * @return the mask
     * @throws IioException EINVAL when the length is not {@code ((channelCount + 31) / 32) * 8}, a
     *                      character is not a hex digit, or a bit at or beyond {@code channelCount} is set
     */
    public static ChannelMask fromHex(String hex, int channelCount) {
        ChannelMask mask = new ChannelMask(channelCount);
        if (hex == null) {
            throw new IioException(Errno.EINVAL, "channel mask is null");
        }
        int hexWords = (channelCount + 31) >>> 5;
        if (hex.length() != hexWords * 8) {
            throw new IioException(Errno.EINVAL, "channel mask '" + hex + "': length " + hex.length()
                    + ", expected " + hexWords * 8 + " for " + channelCount + " channels");
        }
        for (int c = 0; c < hex.length(); c++) {
            int digit = hexDigit(hex.charAt(c));
            if (digit < 0) {
                throw new IioException(Errno.EINVAL, "channel mask '" + hex + "': '" + hex.charAt(c)
                        + "' at index " + c + " is not a hex digit");
            }
            int bit = (hex.length() - 1 - c) * 4;
            mask.words[bit >>> 6] |= (long) digit << (bit & 63);
        }
        int top = mask.highestSetBit();
        if (top >= channelCount) {
            throw new IioException(Errno.EINVAL, "channel mask '" + hex + "': bit " + top
                    + " set but the device has only " + channelCount + " channels");
        }
        return mask;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelMask m && m.channelCount == channelCount && Arrays.equals(m.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * channelCount + Arrays.hashCode(words);
    }

    /** {@code ChannelMask[0,1 of 5]}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ChannelMask[");
        for (int p = next(0), n = 0; p >= 0; p = next(p + 1), n++) {
            b.append(n == 0 ? "" : ",").append(p);
        }
        if (isEmpty()) {
            b.append("none");
        }
        return b.append(" of ").append(channelCount).append(']').toString();
    }

    private int next(int from) {
        int w = from >>> 6;
        if (w >= words.length) {
            return -1;
        }
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
    }

    private int highestSetBit() {
        for (int w = words.length - 1; w >= 0; w--) {
            if (words[w] != 0) {
                return (w << 6) + 63 - Long.numberOfLeadingZeros(words[w]);
            }
        }
        return -1;
    }

    private void check(int position) {
        if (position < 0 || position >= channelCount) {
            throw new IioException(Errno.EINVAL, "channel mask: position " + position + " out of range for "
                    + channelCount + " channels");
        }
    }

    private int positionOf(Channel channel) {
        int position = channel.position();
        if (position < 0 || position >= channelCount) {
            throw new IioException(Errno.EINVAL, "channel mask: channel " + channel.describe() + " has position "
                    + position + ", out of range for " + channelCount + " channels");
        }
        return position;
    }

    private void sameCount(ChannelMask other, String op) {
        if (other.channelCount != channelCount) {
            throw new IioException(Errno.EINVAL, "channel mask " + op + ": channel counts differ ("
                    + channelCount + " vs " + other.channelCount + ")");
        }
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
