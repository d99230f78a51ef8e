package org.camgate.common.yaml;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one form of an id in a configuration (camera, sensor, zone, user, site) on both sides, gateway and
 * simulators, so that a site scenario and the gateway it drives agree on what a valid id is.
 */
public final class Ids {
    /** {@code [A-Za-z0-9][A-Za-z0-9_-]{0,63}}. */
    public static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private Ids() {
    }

    public static boolean valid(String id) {
        return id != null && FORM.matcher(id).matches();
    }

    /** The problem to report for an id of the wrong form. */
    public static String invalid(String id) {
        return "invalid id \"" + id + "\" (expected 1-64 letters, digits, _ or -, starting with a letter or digit)";
    }

    /**
     * Reads the required {@code key} of {@code m} as the id of a {@code what} ("camera", "zone") and checks its
     * form and that it is not in {@code seen} (to which it is added); null after recording the problem.
     */
    public static String read(YamlMap m, String key, String what, Set<String> seen) {
        String id = m.required(key, "required: a unique " + what + " " + key);
        if (id == null) {
            return null;
        }
        if (!valid(id)) {
            m.problem(key, invalid(id));
            return null;
        }
        if (!seen.add(id)) {
            m.problem(key, "duplicate " + what + " " + key + " \"" + id + "\"");
            return null;
        }
        return id;
    }
}
