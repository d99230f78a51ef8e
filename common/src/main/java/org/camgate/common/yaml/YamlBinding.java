package org.camgate.common.yaml;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * State of one load: the variables to substitute, the keys that moved in earlier releases, and every problem found
 * so far. One per file read; not thread-safe.
 */
public final class YamlBinding {
    /** Nesting deeper than this is refused (a configuration is a few levels deep). */
    public static final int MAX_NESTING = 20;

    private final Map<String, String> variables;
    private final Map<String, String> movedKeys;
    private final List<ConfigProblem> problems = new ArrayList<>();

    /** {@code variables}: what {@code ${NAME}} may refer to; empty when substitution is not wanted. */
    public YamlBinding(Map<String, String> variables) {
        this(variables, Map.of());
    }

    /**
     * {@code movedKeys}: YAML paths of keys of earlier releases (e.g. {@code rtsp.authFailures}), each with the
     * message that says where its meaning went; such a key is reported with it instead of "unknown key".
     */
    public YamlBinding(Map<String, String> variables, Map<String, String> movedKeys) {
        this.variables = Map.copyOf(variables);
        this.movedKeys = Map.copyOf(movedKeys);
    }

    /**
     * Parses {@code yaml} into its node tree, or records an "invalid YAML" problem with its line and returns null.
     * Duplicate and recursive keys are refused; at most {@code maxAliases} aliases of lists and mappings (defends
     * against "billion laughs"), {@code maxChars} characters and {@link #MAX_NESTING} levels.
     */
    public Node compose(String yaml, int maxChars, int maxAliases) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(maxAliases);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(maxChars);
        options.setNestingDepthLimit(MAX_NESTING);
        try {
            return new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            String hint = String.valueOf(e.getProblem()).contains("found ':'")
                    ? " (quote a value that starts with a colon, e.g. \"::1/128\")" : "";
            problem("", line, "invalid YAML: " + e.getProblem() + hint);
        } catch (YAMLException e) {
            problem("", 0, "invalid YAML: " + e.getMessage());
        }
        return null;
    }

    /** The message for a key that moved, or null. */
    String movedKey(String path) {
        return movedKeys.get(path);
    }

    public void problem(String path, int line, String message) {
        problems.add(new ConfigProblem(path, line, message));
    }

    public void problem(String path, Node node, String message) {
        problem(path, line(node), message);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Problems in file order (stable for problems on the same line). */
    public List<ConfigProblem> problems() {
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(ConfigProblem::line));
        return sorted;
    }

    public static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /**
     * Replaces {@code ${NAME}} with the variable's value and {@code $${} with a literal {@code ${}.
     * Returns null (after recording a problem) when a variable is missing or a reference is malformed.
     * Messages name the variable, never the surrounding text (it may be a password).
     */
    public String substitute(String path, Node node, String text) {
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
