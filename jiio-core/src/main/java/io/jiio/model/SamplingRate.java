package io.jiio.model;

import io.jiio.IioException;
import java.util.Optional;

/**
 * Where a device's scan rate is read: its trigger's {@code sampling_frequency} when it has a trigger
 * (the trigger paces the scans), else the device's own, else that of the first enabled channel that
 * has one (some ADC drivers put it per channel).
 */
public final class SamplingRate {
    private SamplingRate() {
    }

    /**
     * The rate at which {@code device} produces scans of {@code mask}, read now.
     *
     * @param device the device
     * @param mask   the channels enabled (for a rate kept per channel)
     * @return the rate in Hz, or 0 when none can be read: never an error
     */
    public static double of(Device device, ChannelMask mask) {
        try {
            Optional<Attribute> attr = device.trigger()
                    .flatMap(t -> t.attribute(AttributeKind.DEVICE, "sampling_frequency"))
                    .or(() -> device.attribute(AttributeKind.DEVICE, "sampling_frequency"));
            if (attr.isEmpty()) {
                for (Channel c : device.channels()) {
                    if (mask.isEnabled(c) && c.attribute("sampling_frequency").isPresent()) {
                        attr = c.attribute("sampling_frequency");
                        break;
                    }
                }
            }
            double hz = attr.isEmpty() ? 0 : attr.get().readDouble();
            return hz > 0 && !Double.isInfinite(hz) ? hz : 0;
        } catch (IioException unreadable) {
            return 0; // a rate that cannot be read is no rate
        }
    }
}
