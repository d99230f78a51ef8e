package org.camgate.common.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camgate.common.net.HostPort;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.Node;

class YamlMapTest {
    private static final List<String> KEYS = List.of("name", "on", "count", "port", "wait", "size", "listen", "mode",
            "file", "ratio", "at", "items", "nested", "tags");

    private enum Mode { STRIP, KEEP_ALL }

    private YamlBinding binding = new YamlBinding(Map.of("SECRET", "s3cret"));

    private YamlMap top(String yaml) {
        Node root = binding.compose(yaml, 1 << 20, 20);
        assertThat(binding.problems()).isEmpty();
        return YamlMap.of(binding, "", root, 1, KEYS);
    }

    private List<String> problems() {
        return binding.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void readsEveryType() {
        YamlMap m = top("""
                name: ${SECRET}
                on: true
                count: 7
                port: 8554
                wait: 2d
                size: 4MB
                listen: "[::1]:8554"
                mode: keep-all
                file: data/x.log
                ratio: 2.5e1
                at: [1, -2.5]
                tags: [a, b]
                nested: { count: 3 }
                items:
                  - { name: one }
                  - { name: two }
                """);
        assertThat(m.string("name", null)).isEqualTo("s3cret");
        assertThat(m.bool("on", false)).isTrue();
        assertThat(m.integer("count", 0)).isEqualTo(7);
        assertThat(m.integer("count", 0, 1, 10)).isEqualTo(7);
        assertThat(m.positive("count", 1)).isEqualTo(7);
        assertThat(m.port("port", 0)).isEqualTo(8554);
        assertThat(m.duration("wait", Duration.ZERO)).isEqualTo(Duration.ofDays(2));
        assertThat(m.positiveSize("size", 1)).isEqualTo(4L << 20);
        assertThat(m.hostPort("listen", null)).isEqualTo(new HostPort("::1", 8554));
        assertThat(m.enumValue("mode", Mode.class, "mode", Mode.STRIP)).isEqualTo(Mode.KEEP_ALL);
        assertThat(m.path("file", "a file", null)).isEqualTo(Path.of("data/x.log"));
        assertThat(m.number("ratio", 0)).isEqualTo(25.0);
        assertThat(m.numbers("at", 2, "[x, y]")).containsExactly(1, -2.5);
        assertThat(m.scalars("tags", "a tag")).extracting(YamlMap.Scalar::value).containsExactly("a", "b");
        assertThat(m.map("nested", List.of("count")).integer("count", 0)).isEqualTo(3);
        assertThat(m.maps("items", List.of("name"))).extracting(i -> i.string("name", null)).containsExactly("one", "two");
        assertThat(m.maps("items", List.of("name")).get(1).path()).isEqualTo("items[1]");
        assertThat(binding.hasProblems()).isFalse();
    }

    @Test
    void absentKeysTakeTheirDefaultsWithoutProblems() {
        YamlMap m = top("name: x\n");
        assertThat(m.has("count")).isFalse();
        assertThat(m.integer("count", 5)).isEqualTo(5);
        assertThat(m.duration("wait", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(m.numbers("at", 2, "[x, y]")).isNull();
        assertThat(m.maps("items", List.of("name"))).isEmpty();
        assertThat(m.map("nested", List.of("count")).integer("count", 9)).isEqualTo(9);
        assertThat(binding.hasProblems()).isFalse();
    }

    @Test
    void everyProblemHasItsPathAndLineInFileOrder() {
        YamlMap m = top("""
                name: [a]
                colour: red
                count: many
                wait: 10
                size: 0B
                listen: 127.0.0.1
                mode: loud
                nested:
                  count: 3
                  extra: 1
                items:
                  - name: one
                  - just a value
                at: [1, x]
                ratio: .inf
                port: 70000
                """);
        m.string("name", null);
        m.integer("count", 0);
        m.duration("wait", Duration.ZERO);
        m.positiveSize("size", 1);
        m.hostPort("listen", null);
        m.enumValue("mode", Mode.class, "mode", Mode.STRIP);
        m.map("nested", List.of("count"));
        m.maps("items", List.of("name"));
        m.numbers("at", 2, "[x, y]");
        m.number("ratio", 0);
        m.port("port", 0);
        assertThat(problems()).containsExactly(
                "name (line 1): expected a string, got a list",
                "colour (line 2): unknown key; expected one of: " + String.join(", ", KEYS),
                "count (line 3): expected an integer, got \"many\"",
                "wait (line 4): invalid duration \"10\": a unit is required (e.g. 10s; units: ms, s, m, h, d)",
                "size (line 5): must be larger than 0B",
                "listen (line 6): invalid address \"127.0.0.1\": no port (expected host:port, e.g. 127.0.0.1:8554, "
                        + "[::1]:8554 or localhost:8554)",
                "mode (line 7): unknown mode \"loud\" (expected one of: strip, keep-all)",
                "nested.extra (line 10): unknown key; expected one of: count",
                "items[1] (line 13): expected a mapping, got a value",
                "at[1] (line 14): expected a number, got \"x\"",
                "ratio (line 15): expected a number, got \".inf\"",
                "port (line 16): port 70000 out of range (expected: 0-65535)");
    }

    @Test
    void aProblemAboutAListOrMappingPointsAtItsKey() {
        YamlMap m = top("""
                name: x
                items:
                  - name: one
                nested:
                  count: 1
                """);
        m.problem("items", "needs at least 2");
        m.problem("nested", "wrong");
        m.problem("count", "required");
        m.problemHere("something else");
        assertThat(problems()).containsExactly("count (line 1): required", "line 1: something else",
                "items (line 2): needs at least 2", "nested (line 4): wrong");
    }

    @Test
    void duplicateAndMergeKeysAreProblems() {
        binding = new YamlBinding(Map.of());
        YamlMap.of(binding, "", binding.compose("""
                name: a
                nested: &n { count: 1 }
                items:
                  - { <<: *n }
                """, 1 << 20, 20), 1, KEYS).maps("items", List.of("count"));
        assertThat(problems()).containsExactly("items[0].<< (line 4): merge keys (<<) are not supported");
        binding = new YamlBinding(Map.of());
        YamlMap.of(binding, "", binding.compose("name: a\nname: b\n", 1 << 20, 20), 1, KEYS);
        assertThat(problems()).containsExactly("name (line 2): duplicate key (first at line 1)");
    }

    @Test
    void variablesAreSubstitutedAndMissingOnesNamed() {
        YamlMap m = top("""
                name: ${NOPE}
                file: $${literal}
                """);
        assertThat(m.string("name", "def")).isEqualTo("def");
        assertThat(m.string("file", null)).isEqualTo("${literal}");
        assertThat(problems()).containsExactly("name (line 1): undefined variable ${NOPE} (set NOPE in the environment)");
    }

    @Test
    void movedKeysSayWhereTheirMeaningWent() {
        binding = new YamlBinding(Map.of(), Map.of("nested.old", "moved: write nested.count"));
        YamlMap m = YamlMap.of(binding, "", binding.compose("nested: { old: 1 }\n", 1 << 20, 20), 1, KEYS);
        m.map("nested", List.of("count"));
        assertThat(problems()).containsExactly("nested.old (line 1): moved: write nested.count");
    }

    @Test
    void integerRangesAndRequiredValues() {
        YamlMap m = top("count: 0\nname: \" \"\n");
        assertThat(m.integer("count", 5, 1, 60)).isEqualTo(5);
        assertThat(m.required("name", "required: a name")).isNull();
        assertThat(m.required("file", "required: a file")).isNull();
        assertThat(problems()).containsExactly("count (line 1): \"0\": out of range (expected: 1 to 60)",
                "file (line 1): required: a file", "name (line 2): required: a name");
    }

    @Test
    void notAMappingIsOneProblem() {
        binding = new YamlBinding(Map.of());
        YamlMap m = YamlMap.of(binding, "", binding.compose("- a\n- b\n", 1 << 20, 20), 1, KEYS);
        assertThat(m.isMapping()).isFalse();
        assertThat(problems()).containsExactly("line 1: expected a mapping, got a list");
    }

    @Test
    void invalidYamlIsAProblemWithItsLine() {
        binding = new YamlBinding(Map.of());
        assertThat(binding.compose("a: 1\nb: [unclosed\n", 1 << 20, 20)).isNull();
        assertThat(binding.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEmpty();
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).startsWith("invalid YAML: ");
        });
    }

    @Test
    void tooManyAliasesAreRefused() {
        binding = new YamlBinding(Map.of());
        binding.compose("""
                a: &a [x, x]
                b: &b [*a, *a]
                c: [*b, *b, *b]
                """, 1 << 20, 2);
        assertThat(problems()).singleElement().asString().contains("invalid YAML");
    }

    @Test
    void configExceptionCarriesEveryProblemOneALine() {
        ConfigException e = new ConfigException("x.yaml", List.of(new ConfigProblem("a.b", 3, "wrong"),
                new ConfigProblem("", 0, "file-level")));
        assertThat(e).hasMessage("a.b (line 3): wrong\nfile-level");
        assertThat(e.sourceName()).isEqualTo("x.yaml");
        assertThatThrownBy(() -> new ConfigException("x", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
