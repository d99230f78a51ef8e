package org.camgate.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/** State of one load: the variables to substitute and every problem found so far. */
final class Binding {
    private final Map<String, String> variables;
    private final List<ConfigProblem> problems = new ArrayList<>();

    Binding(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    void problem(String path, int line, String message) {
        problems.add(new ConfigProblem(path, line, message));
    }

    void problem(String path, Node node, String message) {
        problem(path, line(node), message);
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Problems in file order (stable for problems on the same line). */
    List<ConfigProblem> problems() {
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(ConfigProblem::line));
        return sorted;
    }

    static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /**
     * Replaces {@code ${NAME}} with the variable's value and {@code $${} with a literal {@code ${}.
     * Returns null (after recording a problem) when a variable is missing or a reference is malformed.
     * Messages name the variable, never the surrounding text (it may be a password).
     */
    String substitute(String path, Node node, String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean ok = true;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    problem(path, node, "unterminated ${ (write $${ for a literal ${)");
                    return null;
                }
                String name = text.substring(i + 2, close);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    problem(path, node, "invalid variable reference: a name is letters, digits and _ (write $${ for a literal ${)");
                    ok = false;
                } else if (!variables.containsKey(name)) {
                    problem(path, node, "undefined variable ${" + name + "} (set " + name + " in the environment)");
                    ok = false;
                } else {
                    out.append(variables.get(name));
                }
                i = close + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return ok ? out.toString() : null;
    }
}
