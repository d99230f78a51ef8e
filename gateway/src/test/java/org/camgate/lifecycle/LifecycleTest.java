package org.camgate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    private final List<String> calls = new ArrayList<>();

    private Component part(String name, boolean failStart) {
        return Component.of(name, () -> {
            calls.add("start " + name);
            if (failStart) {
                throw new IllegalStateException("cannot listen (" + name + ")");
            }
        }, () -> calls.add("stop " + name), change -> calls.add("reconfigure " + name));
    }

    @Test
    void startsInOrderStopsInReverseOnce() {
        Lifecycle lifecycle = new Lifecycle().add(part("a", false)).add(part("b", false)).add(part("c", false));
        lifecycle.start();
        assertThat(lifecycle.isStarted()).isTrue();
        lifecycle.stop();
        lifecycle.stop();
        assertThat(calls).containsExactly("start a", "start b", "start c", "stop c", "stop b", "stop a");
        assertThat(lifecycle.isStarted()).isFalse();
    }

    @Test
    void aFailedStartStopsTheFailingOneAndThoseBeforeItInReverse() {
        Lifecycle lifecycle = new Lifecycle().add(part("a", false)).add(part("b", true)).add(part("c", false));
        assertThatThrownBy(lifecycle::start).hasMessage("cannot listen (b)");
        assertThat(calls).containsExactly("start a", "start b", "stop b", "stop a");
        lifecycle.stop();
        assertThat(calls).hasSize(4);
    }

    @Test
    void aFailingStopDoesNotKeepTheOthersRunning() {
        Lifecycle lifecycle = new Lifecycle().add(part("a", false))
                .add(Component.of("b", () -> { }, () -> {
                    throw new IllegalStateException("stuck");
                })).add(part("c", false));
        lifecycle.start();
        lifecycle.stop();
        assertThat(calls).containsExactly("start a", "start c", "stop c", "stop a");
    }

    @Test
    void reconfiguresStartedComponentsInOrder() throws Exception {
        Lifecycle lifecycle = new Lifecycle().add(part("a", false)).add(part("b", false));
        lifecycle.start();
        var config = org.camgate.config.ConfigLoader.parse("site: x\n", "x.yaml", java.util.Map.of());
        lifecycle.reconfigure(ConfigChange.between(config, config));
        assertThat(calls).endsWith("reconfigure a", "reconfigure b");
    }

    @Test
    void aFailingReconfigureDoesNotKeepTheOthersFromTheChange() throws Exception {
        Lifecycle lifecycle = new Lifecycle().add(part("a", false))
                .add(Component.of("b", () -> { }, () -> { }, change -> {
                    throw new IllegalStateException("cannot listen on 127.0.0.1:9 (onvif.listen)");
                })).add(part("c", false));
        lifecycle.start();
        var config = org.camgate.config.ConfigLoader.parse("site: x\n", "x.yaml", java.util.Map.of());
        assertThatThrownBy(() -> lifecycle.reconfigure(ConfigChange.between(config, config)))
                .hasMessage("b: cannot listen on 127.0.0.1:9 (onvif.listen)");
        assertThat(calls).endsWith("reconfigure a", "reconfigure c");
    }
}
