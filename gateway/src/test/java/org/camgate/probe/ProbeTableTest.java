package org.camgate.probe;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeTableTest {
    @Test
    void columnsAreAlignedToTheWidestCellAndEmptyCellsShowADash() {
        List<String> lines = ProbeTable.lines(List.of(
                new ProbeResult("entrance", true, "H264", "1920x1080", ""),
                ProbeResult.failed("a-much-longer-id", "camera answered DESCRIBE with 404 Not Found"),
                new ProbeResult("audio-only", true, "", "", "no video track")));
        assertThat(lines).containsExactly(
                "CAMERA            REACHABLE  CODEC  RESOLUTION  ERROR",
                "entrance          yes        H264   1920x1080   -",
                "a-much-longer-id  no         -      -           camera answered DESCRIBE with 404 Not Found",
                "audio-only        yes        -      -           no video track");
    }

    @Test
    void noCamerasIsTheHeaderAlone() {
        assertThat(ProbeTable.lines(List.of())).containsExactly("CAMERA  REACHABLE  CODEC  RESOLUTION  ERROR");
    }
}
