package org.camgate.clip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.bytedeco.javacv.Frame;
import org.camgate.sim.camera.FramePainter;
import org.camgate.sim.camera.ScriptedScene;
import org.junit.jupiter.api.Test;

/** {@link FaceBlur} on pictures the simulated camera draws: a face, then nothing. */
class FaceBlurTest {
    private static final int W = 640;
    private static final int H = 360;

    /** One picture of a scene: a face for 1 s (frames 0-24), then nothing but the background. */
    private static Frame picture(int index) {
        FramePainter painter = ScriptedScene.builder().face(1, 50).still(10).build().painter(W, H, 25);
        byte[] y = new byte[W * H];
        byte[] u = new byte[W * H / 4];
        byte[] v = new byte[W * H / 4];
        painter.render(index, y, u, v);
        Frame frame = new Frame(W, H, Frame.DEPTH_UBYTE, 1, W);
        ByteBuffer planes = ByteBuffer.allocateDirect(W * H * 3 / 2);
        planes.put(y).put(u).put(v).flip();
        frame.image[0] = planes.limit(W * H);
        return frame;
    }

    private static byte[] planes(Frame frame) {
        ByteBuffer b = ((ByteBuffer) frame.image[0]).duplicate();
        b.clear();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void aFaceIsFoundAndPixelatedAndNothingElseChanges() throws Exception {
        try (FaceBlur blur = FaceBlur.load()) {
            Frame frame = picture(0);
            byte[] before = planes(frame);
            List<int[]> faces = blur.blur(frame);
            byte[] after = planes(frame);

            assertThat(faces).hasSize(1);
            int[] f = faces.get(0);
            // The drawn face is centred at (30 % of the width, half the height), 45 % of the height tall.
            assertThat(f[0]).isLessThan(W * 3 / 10).isGreaterThan(0);
            assertThat(f[0] + f[2]).isGreaterThan(W * 3 / 10);
            assertThat(f[1]).isLessThan(H / 2 - H * 45 / 200 + 10);
            assertThat(f[1] + f[3]).isGreaterThan(H / 2 + H * 45 / 200 - 10);
            // Every luma pixel outside the face's box is as it was; inside, the eyes are gone.
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    boolean inside = x >= (f[0] & ~1) && x < f[0] + f[2] && y >= (f[1] & ~1) && y < f[1] + f[3];
                    if (!inside) {
                        assertThat(after[y * W + x]).as("(%d, %d)", x, y).isEqualTo(before[y * W + x]);
                    }
                }
            }
            int eye = (H / 2 - H * 45 / 100 * 25 / 190) * W + W * 3 / 10 - H * 45 / 100 * 33 / 190;
            assertThat(before[eye] & 0xff).isLessThan(50);
            assertThat(after[eye] & 0xff).isGreaterThan(100);
        }
    }

    @Test
    void aFaceMissedInTheNextPicturesStaysCoveredForAFewPictures() throws Exception {
        try (FaceBlur blur = FaceBlur.load()) {
            assertThat(blur.blur(picture(0))).hasSize(1);
            // The face is gone from the picture (as if the cascade missed it): its box is still pixelated...
            int covered = FaceBlur.HOLD * FaceBlur.DETECT_EVERY;
            for (int i = 1; i < covered; i++) {
                Frame empty = picture(25 + i);
                byte[] before = planes(empty);
                assertThat(blur.blur(empty)).isEmpty();
                assertThat(planes(empty)).as("picture %d after the face", i).isNotEqualTo(before);
            }
            // ...until HOLD searches have not found it.
            Frame later = picture(25 + covered);
            byte[] before = planes(later);
            assertThat(blur.blur(later)).isEmpty();
            assertThat(planes(later)).isEqualTo(before);
        }
    }
}
