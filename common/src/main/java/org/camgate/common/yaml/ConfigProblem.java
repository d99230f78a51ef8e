package org.camgate.common.yaml;

import java.util.Objects;

/**
 * One thing wrong with a configuration file.
 *
 * @param path    the YAML path, e.g. {@code cameras[0].gate.preRoll}; empty for file-level problems
 * @param line    1-based line in the file, 0 when unknown
 * @param message what is wrong and what is expected; never contains a password
 */
public record ConfigProblem(String path, int line, String message) {
    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code cameras[0].purpose (line 12): required: ...} */
    @Override
    public String toString() {
        String where = line > 0 ? (path.isEmpty() ? "line " + line : path + " (line " + line + ")") : path;
        return where.isEmpty() ? message : where + ": " + message;
    }
}
