package io.jiio.probe;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * What a library user who only needs {@code sim:} does: open it, read a few blocks of the counter
 * and check them. {@link io.jiio.cli.ModulePathIT} runs it in a JVM of its own without any native
 * access flag, on the class path and on the module path, where the JDK must not warn. In a package
 * of its own, which no jiio module has, so it can run from the class path beside the modules.
 */
public final class SimProbe {
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private SimProbe() {
    }

    public static void main(String[] args) {
        int blocks = 3;
        int scans = 2048;
        try (Context ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0")) {
            Device adc = ctx.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0"))) {
                q.allocate(4, 2L * scans).forEach(q::enqueue);
                q.enable();
                for (int i = 0; i < blocks; i++) {
                    Block b = q.dequeue();
                    // counter: sample n (since enable) of voltage0 is n mod 2^16
                    for (int s = 0; s < b.bytesUsed() / 2; s++) {
                        short expected = (short) (b.firstScan() + s);
                        short got = b.segment().get(S16, 2L * s);
                        if (got != expected) {
                            throw new AssertionError("scan " + (b.firstScan() + s) + ": " + got + ", not " + expected);
                        }
                    }
                    q.enqueue(b);
                }
            }
        }
        Module core = Context.class.getModule();
        System.out.println("sim: " + blocks + " blocks of " + scans + " scans, counter intact; io.jiio.core "
                + (core.isNamed() ? "is the module " + core.getName() : "is on the class path")
                + ", native access " + (core.isNativeAccessEnabled() ? "granted" : "not granted"));
    }
}
