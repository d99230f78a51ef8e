/**
 * YAML binding by hand over SnakeYAML nodes: {@link org.camgate.common.yaml.YamlMap} reads one mapping with a fixed
 * set of keys (unknown keys are problems), typed getters record a {@link org.camgate.common.yaml.ConfigProblem}
 * with the YAML path and line and return the default, so one reading reports every problem.
 */
package org.camgate.common.yaml;
