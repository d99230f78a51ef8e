package org.camgate.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What {@code --version} prints for both commands ({@code camgate}, {@code camgate-sim}): the program and the build's
 * version, then the Java runtime and platform.
 */
public final class BuildInfo {
    private BuildInfo() {
    }

    /**
     * @param program the command's name
     * @param anchor  a class beside the build's filtered {@code version.properties} (key {@code version})
     */
    public static String[] versionLines(String program, Class<?> anchor) throws IOException {
        return new String[] {program + " " + version(anchor), runtime()};
    }

    private static String version(Class<?> anchor) throws IOException {
        try (InputStream in = anchor.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        }
    }

    private static String runtime() {
        return "Java " + System.getProperty("java.runtime.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
    }
}
