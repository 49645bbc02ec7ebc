package io.jiio.net;

import io.jiio.model.Context;
import java.net.InetAddress;

/** A sim context served on a loopback port with the default limits; closing stops both. */
record ServedSim(Context ctx, IiodServer server) implements AutoCloseable {
    static ServedSim start(String uri) {
        Context ctx = Context.open(uri);
        return new ServedSim(ctx, IiodServer.start(ctx, InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults()));
    }

    @Override
    public void close() {
        server.close();
        ctx.close();
    }
}
