package io.jiio.net;

/** Waits (a few seconds at most) for a server to notice that clients left. */
final class ServerAwait {
    private ServerAwait() {
    }

    /** {@link IiodServer#openBufferCount()} once it reaches 0, or its value after 5 s. */
    static int openBuffers(IiodServer server) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.openBufferCount() != 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return server.openBufferCount();
    }
}
