package io.jiio.scope;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A page's WebSocket, as Jetty sees it: on open it becomes a {@link Viewer} (and is told what is
 * captured), its text messages are its settings, on close it leaves.
 *
 * <p>Why so thin: everything a page can do to the server goes through {@link Viewer} and
 * {@link ViewerSettings}, which tests drive without a network; this class only binds them to
 * Jetty's session and its asynchronous sends (each completes through a callback, never blocking
 * the frame builder). It is public only because Jetty calls its listener methods through method
 * handles, which need a public class; nothing outside this package can make one.
 */
@SuppressWarnings("exports") // Jetty's types in its signatures: it is Jetty's to call, not jiio's users'
public final class ViewerSocket extends Session.Listener.AbstractAutoDemanding implements Viewer.Link {
    /** What a socket reports to the server: it opened (with its viewer) or closed. */
    interface Hub {
        void joined(Viewer viewer);

        void left(Viewer viewer);
    }

    private final Hub hub;
    private Viewer viewer;

    ViewerSocket(Hub hub) {
        this.hub = hub;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        super.onWebSocketOpen(session);
        viewer = new Viewer(this);
        hub.joined(viewer);
    }

    @Override
    public void onWebSocketText(String message) {
        try {
            JsonNode m = Messages.JSON.readTree(message);
            Viewer v = viewer;
            if (v != null && "settings".equals(m.path("type").asText())) {
                v.settings(ViewerSettings.parse(m));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // not JSON: a page of another version; ignore it rather than drop the page
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        leave();
        super.onWebSocketClose(statusCode, reason, callback);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        leave();
    }

    private synchronized void leave() {
        if (viewer != null) {
            hub.left(viewer);
            viewer = null;
        }
    }

    @Override
    public void sendBinary(ByteBuffer frame, Consumer<Throwable> done) {
        Session s = getSession();
        if (s == null || !s.isOpen()) {
            done.accept(new java.io.IOException("closed"));
            return;
        }
        s.sendBinary(frame, Callback.from(() -> done.accept(null), done));
    }

    @Override
    public void sendText(String message, Consumer<Throwable> done) {
        Session s = getSession();
        if (s == null || !s.isOpen()) {
            done.accept(new java.io.IOException("closed"));
            return;
        }
        s.sendText(message, Callback.from(() -> done.accept(null), done));
    }

    @Override
    public String remote() {
        Session s = getSession();
        return s == null ? "?" : String.valueOf(s.getRemoteSocketAddress());
    }
}
