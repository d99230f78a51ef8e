package org.camgate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.camgate.common.yaml.ConfigException;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;

/** Loads a command's {@code --config}; when invalid, prints each problem as {@code FILE: path (line N): message}. */
final class ConfigFile {
    private ConfigFile() {
    }

    /** The configuration, or empty after printing its problems (the command then exits {@link Main#EXIT_INVALID}). */
    static Optional<GatewayConfig> load(Path file, PrintWriter err) {
        try {
            return Optional.of(ConfigLoader.load(file, System.getenv()));
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println(file + ": " + p));
            return Optional.empty();
        }
    }
}
