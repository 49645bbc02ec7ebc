/**
 * The {@code jiio} command line ({@link io.jiio.cli.Jiio}): info, attr, read, write, record, reg,
 * genxml, serve, scope and bench. It requires every backend, so each URI scheme is there on the module
 * path too. Its command line is read with Apache Commons CLI.
 * It exports nothing: it is an application.
 *
 * <p>Native access: the terminal check (isatty) goes through java.lang.foreign.
 */
@SuppressWarnings("requires-automatic")
module io.jiio.cli {
    requires io.jiio.core;
    requires io.jiio.net;
    requires io.jiio.linux;
    requires io.jiio.recording;
    requires io.jiio.scope;
    requires org.apache.commons.cli;
    requires com.lmax.disruptor;
    // HdrHistogram has no module descriptor and no Automatic-Module-Name: a name from the file's.
    requires HdrHistogram;
    // jiio bench: CPU time per thread (com.sun.management), heap figures (java.management)
    requires jdk.management;
    // jiio serve --log-level sets the level of jiio's java.util.logging loggers.
    requires java.logging;
}
