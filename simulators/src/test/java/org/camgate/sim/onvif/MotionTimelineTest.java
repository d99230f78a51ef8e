package org.camgate.sim.onvif;

import org.camgate.sim.camera.ScriptedScene;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MotionTimelineTest {
    private double now;

    @Test
    void motionDuringObjectSegmentsOnly() {
        ScriptedScene scene = ScriptedScene.builder().still(2).object(3, 50).brightness(1, 40).noise(1, 5)
                .object(1, 20).still(4).build();
        MotionTimeline t = new MotionTimeline(scene, () -> now);
        assertThat(t.motionAt(0)).isFalse();
        assertThat(t.motionAt(1.99)).isFalse();
        assertThat(t.motionAt(2.0)).isTrue();
        assertThat(t.motionAt(4.99)).isTrue();
        assertThat(t.motionAt(5.5)).as("lights switching on are not motion").isFalse();
        assertThat(t.motionAt(6.5)).as("sensor noise is not motion").isFalse();
        assertThat(t.motionAt(7.5)).isTrue();
        assertThat(t.motionAt(100)).as("the last segment holds").isFalse();
    }

    @Test
    void cameraWithoutSceneAlwaysMoves() {
        assertThat(new MotionTimeline(null, () -> now).motionNow()).isTrue();
    }
}
