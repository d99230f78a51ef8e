package org.camgate.protocol.rtp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnnexBTest {

    @Test
    void splitsOnThreeAndFourByteStartCodes() {
        byte[] stream = {0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 4, 5, 0};
        assertThat(AnnexB.split(stream)).containsExactly(
                new byte[] {0x67, 1, 2}, new byte[] {0x68, 3}, new byte[] {0x65, 4, 5});
    }

    @Test
    void noStartCodeMeansNoNalUnits() {
        assertThat(AnnexB.split(new byte[] {1, 2, 3})).isEmpty();
        assertThat(AnnexB.split(new byte[0])).isEmpty();
    }
}
