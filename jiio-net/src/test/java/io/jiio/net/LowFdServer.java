package io.jiio.net;

import io.jiio.model.Context;
import java.net.InetAddress;

/**
 * A sim server in a process of its own, for tests that need to starve it (of file descriptors):
 * prints its port, serves until its standard input ends.
 */
final class LowFdServer {
    private LowFdServer() {
    }

    public static void main(String[] args) throws Exception {
        try (Context ctx = Context.open("sim:");
             IiodServer s = IiodServer.start(ctx, InetAddress.getLoopbackAddress(), 0,
                     ServerConfig.defaults().withMaxConnections(1000))) {
            System.out.println(s.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the test closes our input
            }
        }
    }
}
