package org.camgate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Tells a simulator scenario ({@code conf/scenarios/}) from a gateway configuration, so that {@code check-config} on
 * a scenario says to use {@code camgate-sim validate} instead of listing every key the gateway does not know.
 * A file is a scenario when its top level has a key only scenarios have ({@code listen}, {@code duration},
 * {@code loop}, {@code objects}, {@code timeline}), or cameras that all have a {@code path} and none a {@code source}.
 */
final class ScenarioSniffer {
    private static final Set<String> SCENARIO_ONLY = Set.of("listen", "duration", "loop", "objects", "timeline");
    private static final long MAX_BYTES = 1 << 20;

    private ScenarioSniffer() {
    }

    static boolean looksLikeScenario(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                return false;
            }
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            Node root = new Yaml(options).compose(new java.io.StringReader(
                    Files.readString(file, StandardCharsets.UTF_8)));
            return root instanceof MappingNode m && isScenario(m);
        } catch (IOException | RuntimeException e) {
            return false;   // unreadable or not YAML: the configuration loader's own message says so
        }
    }

    private static boolean isScenario(MappingNode top) {
        Set<String> keys = new HashSet<>();
        Node cameras = null;
        for (NodeTuple t : top.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                keys.add(k.getValue());
                if (k.getValue().equals("cameras")) {
                    cameras = t.getValueNode();
                }
            }
        }
        if (keys.stream().anyMatch(SCENARIO_ONLY::contains)) {
            return true;
        }
        if (!(cameras instanceof SequenceNode list) || list.getValue().isEmpty()) {
            return false;
        }
        for (Node item : list.getValue()) {
            List<String> itemKeys = item instanceof MappingNode m ? m.getValue().stream()
                    .map(NodeTuple::getKeyNode).filter(ScalarNode.class::isInstance)
                    .map(n -> ((ScalarNode) n).getValue()).toList() : List.of();
            if (!itemKeys.contains("path") || itemKeys.contains("source")) {
                return false;
            }
        }
        return true;
    }
}
