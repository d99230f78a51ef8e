package org.camgate.rtsp;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's {@code motion} daemon, a recorder with its own timeouts (about 10 s reading, 21 s opening), records
 * through a gate with {@code whileShut: placeholder}: it stays connected through the shut period (no reconnect, one
 * RTSP session) and its recording holds the camera's video from the moment the gate opens. Skipped when the
 * {@code motion} program is absent (CI installs it).
 */
class MotionDaemonIT {
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private GatewayFixture fixture;
    private Process motion;

    @AfterEach
    void stop() throws Exception {
        if (motion != null) {
            motion.destroy();
            if (!motion.waitFor(10, TimeUnit.SECONDS)) {
                motion.destroyForcibly();
            }
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** The placeholder's grey, judged on the picture's top half (motion writes its time stamp bottom right). */
    private static boolean greyTopHalf(Frame frame) {
        java.nio.ByteBuffer b = (java.nio.ByteBuffer) frame.image[0];
        int min = 255;
        int max = 0;
        for (int y = 0; y < frame.imageHeight / 2; y += 5) {
            for (int x = 0; x < frame.imageWidth * frame.imageChannels; x += 7) {
                int v = b.get(y * frame.imageStride + x) & 0xff;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return max - min <= 10 && Math.abs(min - 128) <= 12;
    }

    @Test
    void motionStaysConnectedWhileShutAndRecordsTheCameraOnceOpen(@TempDir Path dir) throws Exception {
        assumeTrue(new File("/usr/bin/motion").canExecute(), "Debian's motion daemon is not installed");
        int shutSeconds = PlaceholderRecordersIT.SHUT_SECONDS;
        fixture = new GatewayFixture(dir, PlaceholderRecordersIT.simCameras(),
                GatewayFixture.yaml(PlaceholderRecordersIT.cameras(), ""));
        Path out = Files.createDirectories(dir.resolve("motion-out"));
        Path log = dir.resolve("motion.log");
        Path conf = dir.resolve("motion.conf");
        Files.writeString(conf, String.join("\n",
                "daemon off", "setup_mode off", "log_level 6", "log_file " + log, "target_dir " + out,
                "netcam_url " + fixture.url("yard"), "netcam_userpass nvr:secret", "netcam_params rtsp_transport=tcp",
                "emulate_motion on", "picture_output off", "movie_output on", "movie_max_time 600",
                "webcontrol_port 0", "stream_port 0", "width 320", "height 180", "framerate 10", ""));
        motion = new ProcessBuilder("motion", "-n", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("motion.out").toFile()).start();

        TimeUnit.SECONDS.sleep(shutSeconds);
        Instant opened = Instant.now();
        fixture.gateway.events().publish(Event.of(opened, "test", EventSource.camera("yard"), "manual",
                EventState.START, null, Map.of()));
        TimeUnit.SECONDS.sleep(6);
        motion.destroy();
        assertThat(motion.waitFor(15, TimeUnit.SECONDS)).isTrue();

        String text = Files.readString(log);
        assertThat(text).as("motion connected once").containsOnlyOnce("connected");
        assertThat(text.toLowerCase()).as("no reconnect, no timeout while the gate was shut")
                .doesNotContain("reconnect").doesNotContain("timed out").doesNotContain("lost connection");
        // motion opens the stream twice as it starts (its first session only reads the stream's parameters); no
        // session may start after that, through the shut period and the opening.
        Instant settled = opened.minusSeconds(shutSeconds - 5);
        assertThat(fixture.audit()).as("no RTSP session started after motion's start-up")
                .filteredOn(l -> l.contains("\"session-start\""))
                .noneMatch(l -> Instant.parse(l.substring(9, l.indexOf('"', 9))).isAfter(settled));

        List<Path> movies;
        try (Stream<Path> files = Files.list(out)) {
            movies = files.filter(p -> p.toString().endsWith(".mkv")).sorted().toList();
        }
        assertThat(movies).as("one recording through the shut period and the opening").hasSize(1);
        Path movie = movies.get(0);
        String name = movie.getFileName().toString();
        LocalDateTime started = LocalDateTime.parse(name.substring(name.indexOf('-') + 1, name.indexOf('-') + 15),
                FILE_TIME);
        double openAt = (opened.toEpochMilli() - started.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli()) / 1e3;
        double firstCamera = -1;
        int grey = 0;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(movie.toFile())) {
            grabber.start();
            Frame f;
            while ((f = grabber.grabImage()) != null) {
                if (greyTopHalf(f)) {
                    grey++;
                } else {
                    firstCamera = f.timestamp / 1e6;
                    break;
                }
            }
        }
        System.out.printf("motion: %d grey pictures recorded while shut; first camera picture at %.2f s, gate opened at"
                + " %.2f s of the recording (file names have whole seconds)%n", grey, firstCamera, openAt);
        assertThat(grey).as("placeholders recorded while shut").isGreaterThan(shutSeconds / 2);
        assertThat(firstCamera).as("camera video in the recording").isPositive();
        assertThat(Math.abs(firstCamera - openAt)).as("camera video from the opening on (±1 s file-name rounding)")
                .isLessThan(2.0);
    }
}
