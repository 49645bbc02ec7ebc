/**
 * A browser oscilloscope for any context: {@link io.jiio.scope.ScopeServer#start} serves a page
 * (embedded Jetty, HTTP and WebSocket) with time traces in physical units, a spectrum, the
 * attribute tree and live loss figures. The page and uPlot's files are resources of this module.
 */
module io.jiio.scope {
    requires transitive io.jiio.core;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.websocket.server;
    requires com.fasterxml.jackson.databind;

    // Also what Jetty's WebSocket layer needs: it calls ViewerSocket's listener methods.
    exports io.jiio.scope;
}
