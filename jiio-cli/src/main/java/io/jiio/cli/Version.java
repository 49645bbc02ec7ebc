package io.jiio.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code jiio --version}: the project version Maven wrote into {@code version.properties} at build
 * time (so it is right in tests and from the jar alike) and the Java runtime, since jiio needs 25.
 */
final class Version {
    private Version() {
    }

    static String jiioVersion() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code jiio --version} prints: jiio's version, then the Java runtime it runs on. */
    static String text() {
        String nl = System.lineSeparator();
        return "jiio " + jiioVersion() + nl + "Java " + Runtime.version() + " (" + System.getProperty("java.vendor")
                + ", " + System.getProperty("java.home") + ")" + nl;
    }
}
