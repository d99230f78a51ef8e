package org.camgate.common.yaml;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used; carries every problem found, in file order, one per message line. */
public final class ConfigException extends Exception {
    private final String sourceName;
    private final transient List<ConfigProblem> problems;

    public ConfigException(String sourceName, List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: empty (expected: at least one)");
        }
        this.sourceName = sourceName;
        this.problems = List.copyOf(problems);
    }

    /** The file name (or other label) the configuration came from. */
    public String sourceName() {
        return sourceName;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
