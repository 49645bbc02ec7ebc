package io.jiio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.BlockState;
import io.jiio.buffer.QueueConfig;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sessions on the zero-copy paths over {@link FakeKernel}: enqueue, dequeue, enable,
 * disable, stall and resume the device, free and allocate again, in any order. Whatever happens,
 * every block handed out is either aborted (0 bytes) or whole and continuing the device's counter,
 * and at the end every mapping, DMABUF and fd is given back.
 */
class ZeroCopyProperties {
    private static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int BLOCK = 512;

    enum Op { ENQUEUE_OWNED, DEQUEUE, ENABLE, DISABLE, STALL, RESUME, REALLOCATE }

    @Provide
    Arbitrary<List<Op>> sessions() {
        return Arbitraries.of(Op.class).list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 60)
    void dmabufSessions(@ForAll("sessions") List<Op> ops) throws IOException {
        run(ops, true);
    }

    @Property(tries = 60)
    void blockApiSessions(@ForAll("sessions") List<Op> ops) throws IOException {
        run(ops, false);
    }

    private static void run(List<Op> ops, boolean dmabuf) throws IOException {
        Path root = Files.createTempDirectory("jiio-zc");
        try {
            Trees.ad9361(root);
            FakeKernel kernel = new FakeKernel();
            kernel.heap(root.resolve("dev/dma_heap/system"));
            FakeKernel.FakeDevice adc = kernel.buffer(root.resolve("dev/iio:device2"),
                    root.resolve("bus/iio/devices/iio:device2/buffer0"), false);
            adc.dmabuf = dmabuf;
            try (Context ctx = LocalBackend.open("local:sysfs=" + root + ",dev=" + root.resolve("dev"), kernel)) {
                int fds = kernel.openFds();
                Device a = ctx.requireDevice("cf-ad9361-lpc");
                try (BlockQueue q = a.openBuffer(0, a.mask("voltage0"), new QueueConfig(3, BLOCK))) {
                    assertEquals(dmabuf ? "dmabuf" : "block", q.dataPath());
                    List<Block> owned = new ArrayList<>(q.allocate(3, BLOCK));
                    int last = -1;
                    for (Op op : ops) {
                        switch (op) {
                            case ENQUEUE_OWNED -> {
                                owned.forEach(q::enqueue);
                                owned.clear();
                            }
                            case DEQUEUE -> {
                                // Only wait when the device can deliver; otherwise just look.
                                Block b = q.isEnabled() && !kernel.paused && owned.size() < 3
                                        ? q.dequeue(5, TimeUnit.SECONDS) : q.tryDequeue();
                                if (b != null) {
                                    assertEquals(BlockState.DEQUEUED, b.state());
                                    if (b.bytesUsed() > 0) {
                                        assertEquals(BLOCK, b.bytesUsed());
                                        int first = Short.toUnsignedInt(b.segment().get(LE16, 0));
                                        for (int i = 0; i < BLOCK / 2; i++) {
                                            assertEquals((short) (first + i), b.segment().get(LE16, 2L * i));
                                        }
                                        assertTrue(last < 0 || first == ((last + 1) & 0xffff) || first > last,
                                                "samples go forward: " + last + " then " + first);
                                        last = (first + BLOCK / 2 - 1) & 0xffff;
                                    }
                                    owned.add(b);
                                }
                            }
                            case ENABLE -> q.enable();
                            case DISABLE -> q.disable();
                            case STALL -> kernel.paused = true;
                            case RESUME -> kernel.resume();
                            case REALLOCATE -> {
                                if (!q.isEnabled()) {
                                    q.free();
                                    owned = new ArrayList<>(q.allocate(3, BLOCK));
                                }
                            }
                        }
                    }
                }
                assertEquals(fds, kernel.openFds(), "every DMABUF and buffer fd closed");
                assertEquals(kernel.mmaps, kernel.munmaps, "every mapping unmapped");
                assertTrue(adc.kblocks.isEmpty(), "kernel blocks freed");
            }
        } finally {
            try (Stream<Path> s = Files.walk(root)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
