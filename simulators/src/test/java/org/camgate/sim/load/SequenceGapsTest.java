package org.camgate.sim.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SequenceGapsTest {

    @Test
    void firstPacketAndConsecutiveOnesLoseNothing() {
        SequenceGaps gaps = new SequenceGaps();
        assertThat(gaps.onPacket(40_000)).isZero();
        assertThat(gaps.onPacket(40_001)).isZero();
        assertThat(gaps.lost()).isZero();
    }

    @Test
    void gapsCountMissingPackets() {
        SequenceGaps gaps = new SequenceGaps();
        gaps.onPacket(10);
        assertThat(gaps.onPacket(14)).isEqualTo(3);
        assertThat(gaps.onPacket(15)).isZero();
        assertThat(gaps.lost()).isEqualTo(3);
    }

    @Test
    void wrapAroundIsContinuous() {
        SequenceGaps gaps = new SequenceGaps();
        gaps.onPacket(65_534);
        gaps.onPacket(65_535);
        assertThat(gaps.onPacket(0)).isZero();
        assertThat(gaps.onPacket(2)).isEqualTo(1);
        assertThat(gaps.lost()).isEqualTo(1);
    }

    @Test
    void duplicatesAndOldPacketsAreNotLosses() {
        SequenceGaps gaps = new SequenceGaps();
        gaps.onPacket(100);
        gaps.onPacket(100);
        gaps.onPacket(90);
        assertThat(gaps.onPacket(101)).isZero();
        assertThat(gaps.lost()).isZero();
    }
}
