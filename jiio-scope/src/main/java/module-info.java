/**
 * A browser oscilloscope for any context: {@link io.jiio.scope.ScopeServer#start} serves a page
 * (embedded Jetty, HTTP and WebSocket) with time traces in physical units, a spectrum, the
 * attribute tree and live loss figures. The page is a resource of this module; uPlot's files come
 * from its webjar.
 */
@SuppressWarnings("requires-automatic")
module io.jiio.scope {
    requires transitive io.jiio.core;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.websocket.server;
    requires com.fasterxml.jackson.databind;
    // The spectrum's FFT. JTransforms and JLargeArrays (its thread settings) carry no module name:
    // theirs come from the jar file names, fixed for these released versions.
    requires JTransforms;
    requires JLargeArrays;
    // uPlot's webjar: resources only (under META-INF/, read through the class loader), required so
    // that it is resolved on the module path.
    requires uplot;

    // Also what Jetty's WebSocket layer needs: it calls ViewerSocket's listener methods.
    exports io.jiio.scope;
}
