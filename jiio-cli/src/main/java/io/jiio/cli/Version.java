package io.jiio.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code jiio --version}: the project version Maven wrote into {@code version.properties} at build
 * time (so it is right in tests and from the jar alike) and the Java runtime, since jiio needs 25.
 */
public final class Version implements IVersionProvider {
    /** For picocli, which makes the version provider named in {@code @Command}. */
    public Version() {
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

    @Override
    public String[] getVersion() {
        return new String[] {
            "jiio " + jiioVersion(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                    + System.getProperty("java.home") + ")"
        };
    }
}
