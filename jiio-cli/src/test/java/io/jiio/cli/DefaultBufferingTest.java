package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.Context;
import io.jiio.model.Device;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DefaultBufferingTest {

    @Test
    void oneMegahertzGetsBlocksOf32Milliseconds() {
        DefaultBuffering d = DefaultBuffering.forRate(1_000_000, 4);

        assertEquals(DefaultBuffering.BLOCKS, d.blocks());
        assertEquals(32_000, d.scans());
    }

    @Test
    void noRateKeepsTheSmallDefault() {
        assertEquals(new DefaultBuffering(4, 256, 0), DefaultBuffering.forRate(0, 16));
        assertEquals(new DefaultBuffering(4, 256, 0), DefaultBuffering.forRate(Double.NaN, 16));
    }

    @Test
    void theRateComesFromTheDeviceOrItsTrigger() {
        try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=48000")) {
            Device adc = ctx.requireDevice("sim-adc");
            assertEquals(48_000, DefaultBuffering.rateOf(adc, adc.mask("voltage0")));
            adc.setTrigger(ctx.requireDevice("sim-trigger"));
            assertEquals(1000, DefaultBuffering.rateOf(adc, adc.mask("voltage0")), "the trigger paces the device");
        }
    }

    @Test
    void explicitOptionsWin() {
        try (Context ctx = Context.open("sim:")) {
            Device adc = ctx.requireDevice("sim-adc");
            StreamOptions o = new StreamOptions();
            o.bufferScans = 100;
            o.chooseDefaults(adc, adc.mask("voltage0"), 2);
            assertEquals(100, o.bufferScans);
            assertEquals(DefaultBuffering.BLOCKS, o.blocks, "--blocks left out: chosen from the rate");
        }
    }

    /** ≥ 100 ms in ≥ 4 blocks wherever the limits allow it, never over them. */
    @Property(tries = 500)
    void defaultsHoldAtLeast100MsInFourBlocksWithinTheLimits(@ForAll @LongRange(min = 1, max = 4_000_000_000L) long rate,
                                                             @ForAll @LongRange(min = 1, max = 4096) long scanBytes) {
        DefaultBuffering d = DefaultBuffering.forRate(rate, scanBytes);

        assertTrue(d.blocks() >= 4 && d.blocks() <= StreamOptions.MAX_BLOCKS, d::toString);
        assertTrue(d.scans() >= 1 && d.scans() * scanBytes <= StreamOptions.MAX_BLOCK_BYTES, d::toString);
        long total = d.blocks() * d.scans();
        assertTrue(total * scanBytes <= DefaultBuffering.MAX_TOTAL_BYTES, d::toString);
        boolean capped = (long) Math.ceil(rate * 0.1) * scanBytes > DefaultBuffering.MAX_TOTAL_BYTES;
        assertTrue(capped || total >= rate * 0.1, () -> d + " holds " + total + " scans, under 100 ms at " + rate + " Hz");
    }
}
