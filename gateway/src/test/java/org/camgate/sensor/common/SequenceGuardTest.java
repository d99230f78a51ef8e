package org.camgate.sensor.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camgate.sensor.common.SequenceGuard.Verdict.JUMP;
import static org.camgate.sensor.common.SequenceGuard.Verdict.LATE;
import static org.camgate.sensor.common.SequenceGuard.Verdict.NEXT;
import static org.camgate.sensor.common.SequenceGuard.Verdict.RESYNC;
import static org.camgate.sensor.common.SequenceGuard.Verdict.SAME;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SequenceGuardTest {
    private final SequenceGuard guard = new SequenceGuard(false);

    private void genuine(long from, long to) {
        for (long id = from; id <= to; id++) {
            assertThat(guard.offer(id)).as("genuine " + id).isEqualTo(NEXT);
        }
    }

    @Test
    void inOrderGapsDuplicatesAndLatePackets() {
        assertThat(guard.offer(7)).as("the first id starts the sequence").isEqualTo(NEXT);
        assertThat(guard.offer(8)).isEqualTo(NEXT);
        assertThat(guard.offer(12)).as("three lost").isEqualTo(NEXT);
        assertThat(guard.offer(12)).isEqualTo(SAME);
        assertThat(guard.offer(10)).isEqualTo(LATE);
        assertThat(guard.offer(12 + SequenceGuard.MAX_JUMP)).as("a long loss").isEqualTo(NEXT);
        assertThat(guard.current()).isEqualTo(112);
        assertThat(guard.resyncs()).isZero();
    }

    @Test
    void oneForgedFarAheadPacketLosesNoGenuineFrame() {
        genuine(0, 10);
        assertThat(guard.offer(10 + SequenceGuard.MAX_JUMP + 1)).isEqualTo(JUMP);
        genuine(11, 20);
        assertThat(guard.offer(1_000_000)).isEqualTo(JUMP);
        assertThat(guard.offer(1_000_001)).as("even continued once").isEqualTo(JUMP);
        genuine(21, 30);
        assertThat(guard.offer(5)).as("late, and changes nothing").isEqualTo(LATE);
        genuine(31, 32);
        assertThat(guard.resyncs()).isZero();
    }

    @Test
    void forgedPacketsInterleavedWithTheGenuineSequenceNeverTakeOver() {
        Random random = new Random(11);
        long forged = 50_000;
        for (long id = 0; id < 500; id++) {
            assertThat(guard.offer(id)).as("genuine " + id).isEqualTo(NEXT);
            // a continuing forged sequence and a random one, between every two genuine packets
            assertThat(guard.offer(forged++)).isEqualTo(JUMP);
            assertThat(guard.offer(id + 200 + random.nextInt(1_000_000))).isEqualTo(JUMP);
        }
        assertThat(guard.resyncs()).isZero();
    }

    @Test
    void aSensorRestartingItsNumberingIsFollowedAfterTwoMorePackets() {
        genuine(5000, 5010);
        assertThat(guard.offer(0)).isEqualTo(JUMP);
        assertThat(guard.offer(1)).isEqualTo(JUMP);
        assertThat(guard.offer(2)).isEqualTo(RESYNC);
        genuine(3, 10);
        assertThat(guard.resyncs()).isEqualTo(1);
        assertThat(guard.offer(5011)).as("the old numbering is gone").isEqualTo(JUMP);
    }

    @Test
    void aRestartSoonAfterStartIsFollowedToo() {
        genuine(0, 40);
        assertThat(guard.offer(0)).isEqualTo(LATE);
        assertThat(guard.offer(1)).isEqualTo(LATE);
        assertThat(guard.offer(3)).as("one lost in the new numbering").isEqualTo(RESYNC);
        genuine(4, 6);
    }

    @Test
    void theGenuineSequenceWinsBackFromAForgedPacketNearEnoughToBeTaken() {
        genuine(0, 10);
        assertThat(guard.offer(60)).as("forged, within the window").isEqualTo(NEXT);
        assertThat(guard.offer(11)).isEqualTo(LATE);
        assertThat(guard.offer(12)).isEqualTo(LATE);
        assertThat(guard.offer(13)).isEqualTo(RESYNC);
        genuine(14, 20);
    }

    @Test
    void aCandidateMustKeepGoingInSmallSteps() {
        genuine(0, 3);
        assertThat(guard.offer(9000)).isEqualTo(JUMP);
        assertThat(guard.offer(9000)).isEqualTo(JUMP);
        assertThat(guard.offer(9000 + SequenceGuard.MAX_STEP + 1)).as("too far: a new candidate").isEqualTo(JUMP);
        assertThat(guard.offer(9000 + SequenceGuard.MAX_STEP)).as("backwards: a new candidate").isEqualTo(JUMP);
        assertThat(guard.offer(9000 + SequenceGuard.MAX_STEP + 2)).isEqualTo(JUMP);
        assertThat(guard.offer(9000 + SequenceGuard.MAX_STEP + 3)).isEqualTo(RESYNC);
    }

    @Test
    void aGenuinePacketInterruptsACandidate() {
        genuine(0, 3);
        assertThat(guard.offer(9000)).isEqualTo(JUMP);
        assertThat(guard.offer(9001)).isEqualTo(JUMP);
        genuine(4, 4);
        assertThat(guard.offer(9002)).isEqualTo(JUMP);
        assertThat(guard.offer(9003)).isEqualTo(JUMP);
        assertThat(guard.offer(4)).as("a duplicate of the current id also shows the sequence is alive").isEqualTo(SAME);
        assertThat(guard.offer(9004)).isEqualTo(JUMP);
        assertThat(guard.offer(9005)).isEqualTo(JUMP);
        assertThat(guard.offer(9006)).isEqualTo(RESYNC);
    }

    @Test
    void resetForgetsTheSequence() {
        genuine(100, 101);
        guard.reset();
        assertThat(guard.offer(999_999)).isEqualTo(NEXT);
        assertThat(guard.offer(1_000_000)).isEqualTo(NEXT);
    }

    @Test
    void wrappingIdsCompareTheShortWayRound() {
        SequenceGuard frames = new SequenceGuard(true);
        for (long id : new long[] {0xFFFFFFFEL, 0xFFFFFFFFL, 0, 1}) {
            assertThat(frames.offer(id)).as("frame " + id).isEqualTo(NEXT);
        }
        assertThat(frames.offer(0xFFFFFFFFL)).isEqualTo(LATE);
        assertThat(frames.offer(0x80000000L)).isEqualTo(JUMP);
        assertThat(frames.offer(2)).isEqualTo(NEXT);
    }
}
