package org.camgate.sim;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code camgate-sim --version}: the build's version, then the Java runtime and platform (the same two lines as
 * {@code camgate --version}).
 */
public final class SimVersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        return new String[] {"camgate-sim " + version(), runtime()};
    }

    static String version() throws IOException {
        try (InputStream in = SimVersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        }
    }

    static String runtime() {
        return "Java " + System.getProperty("java.runtime.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
    }
}
