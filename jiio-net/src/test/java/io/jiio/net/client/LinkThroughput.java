package io.jiio.net.client;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.net.IiodServer;
import io.jiio.net.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of a capture over loopback, in one run so the figures compare: the sim's own speed
 * (no network), jiio's ip: client against a jiio server over the text protocol and over the binary
 * protocol, and a raw TCP stream (one thread writes 1 MiB buffers, another reads them) as the
 * link's ceiling. Every capture takes all five sim-adc channels (16-byte scans) of
 * {@code sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0}.
 *
 * <pre>
 *   mvn -q -pl jiio-core,jiio-net -am test-compile
 *   java --enable-native-access=ALL-UNNAMED \
 *     -cp jiio-core/target/classes:jiio-net/target/classes:jiio-net/target/test-classes \
 *     io.jiio.net.client.LinkThroughput [SECONDS] [ROUNDS]
 * </pre>
 * ({@code bin/net-throughput} does exactly this.) Each figure is MB/s (10^6 bytes) over at least
 * SECONDS (default 3) after a one-second warm-up, for blocks of 4 KiB (16 in flight), 64 KiB (4
 * and 16) and 1 MiB (4); ROUNDS (default 2) repeats everything and the best round is printed last.
 */
public final class LinkThroughput {
    private static final String URI = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0";
    private static final int SCAN = 16;

    private LinkThroughput() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        String[] names = {"sim: (no network)", "ip: text", "ip: binary", "raw TCP"};
        int[][] configs = {{256, 16}, {4096, 4}, {4096, 16}, {65536, 4}};
        double[][] best = new double[names.length][configs.length];
        for (int r = 1; r <= rounds; r++) {
            System.out.printf("round %d of %d (MB/s, each >= %.0f s; load %s)%n", r, rounds, seconds, load());
            header(configs);
            Context sim = Context.open(URI);
            try (IiodServer server = IiodServer.start(sim, InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults())) {
                String ip = "ip:127.0.0.1:" + server.port();
                for (int k = 0; k < names.length; k++) {
                    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-20s", names[k]));
                    for (int c = 0; c < configs.length; c++) {
                        int scans = configs[c][0];
                        int blocks = configs[c][1];
                        double mbps = switch (k) {
                            case 0 -> capture(URI, scans, blocks, seconds);
                            case 1 -> capture(ip + ",protocol=text", scans, blocks, seconds);
                            case 2 -> capture(ip + ",protocol=binary", scans, blocks, seconds);
                            default -> rawTcp(scans * SCAN, seconds);
                        };
                        best[k][c] = Math.max(best[k][c], mbps);
                        row.append(String.format(Locale.ROOT, "%14.0f", mbps));
                    }
                    System.out.println(row);
                }
            } finally {
                sim.close();
            }
        }
        System.out.println("best of " + rounds + " (MB/s)");
        header(configs);
        for (int k = 0; k < names.length; k++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-20s", names[k]));
            for (double v : best[k]) {
                row.append(String.format(Locale.ROOT, "%14.0f", v));
            }
            System.out.println(row);
        }
    }

    private static void header(int[][] configs) {
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-20s", ""));
        for (int[] c : configs) {
            String size = c[0] * SCAN >= 1 << 20 ? (c[0] * SCAN >> 20) + " MiB" : (c[0] * SCAN >> 10) + " KiB";
            h.append(String.format(Locale.ROOT, "%14s", size + " x" + c[1]));
        }
        System.out.println(h);
    }

    /** Captures every scan element of sim-adc through {@code uri}; MB/s after a one-second warm-up. */
    static double capture(String uri, int scans, int blocks, double seconds) {
        try (Context ctx = Context.open(uri)) {
            Device adc = ctx.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0", "voltage1", "voltage2", "voltage3", "timestamp"))) {
                q.allocate(blocks, (long) scans * SCAN).forEach(q::enqueue);
                q.enable();
                long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (System.nanoTime() < warm) {
                    q.enqueue(q.dequeue(10, TimeUnit.SECONDS));
                }
                long bytes = 0;
                long t0 = System.nanoTime();
                long end = t0 + (long) (seconds * 1e9);
                long now;
                do {
                    Block b = q.dequeue(10, TimeUnit.SECONDS);
                    bytes += b.bytesUsed();
                    q.enqueue(b);
                    now = System.nanoTime();
                } while (now < end);
                q.disable();
                return bytes / ((now - t0) / 1e9) / 1e6;
            }
        }
    }

    /** One thread writes {@code chunk}-byte buffers to a loopback socket, this one reads them. */
    static double rawTcp(int chunk, double seconds) throws IOException, InterruptedException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                try (SocketChannel s = listener.accept()) {
                    ByteBuffer b = ByteBuffer.allocateDirect(chunk);
                    while (true) {
                        b.clear();
                        while (b.hasRemaining()) {
                            s.write(b);
                        }
                    }
                } catch (IOException e) {
                    // the reader hung up: done
                }
            });
            try (SocketChannel s = SocketChannel.open(listener.getLocalAddress())) {
                ByteBuffer b = ByteBuffer.allocateDirect(chunk);
                long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                long bytes = 0;
                long t0 = 0;
                long end = Long.MAX_VALUE;
                while (true) {
                    b.clear();
                    int n = s.read(b);
                    if (n < 0) {
                        break;
                    }
                    long now = System.nanoTime();
                    if (t0 == 0 && now >= warm) {
                        t0 = now;
                        end = t0 + (long) (seconds * 1e9);
                        bytes = 0;
                    }
                    bytes += n;
                    if (now >= end) {
                        double mbps = bytes / ((now - t0) / 1e9) / 1e6;
                        s.close();
                        writer.join(2000);
                        return mbps;
                    }
                }
            }
            throw new IOException("the writer stopped early");
        }
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
