package org.camgate.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camgate.clip.ClipTools.curl;
import static org.camgate.clip.ClipTools.detail;
import static org.camgate.clip.ClipTools.luma;
import static org.camgate.clip.ClipTools.mean;
import static org.camgate.clip.ClipTools.meanDiff;
import static org.camgate.clip.ClipTools.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.camgate.Gateway;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.camgate.protocol.rtp.NalCodec;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alarm clips end to end: a simulated camera, a gateway gating it on manual triggers and recording clips, a manual
 * opening, then the clip event, its URL played by ffprobe and fetched by curl (Digest), refusals, the audit log,
 * encryption at rest and retention.
 */
@ExtendWith(NettyLeakCheck.class)
class ClipsIT {
    private static final int FPS = 25;
    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="; // 32 bytes, tests only

    @TempDir
    Path dir;
    private SimCameraServer cameras;
    private Gateway gateway;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    private void start(String clipsYaml) throws Exception {
        start(clipsYaml, NalCodec.H264);
    }

    private void start(String clipsYaml, NalCodec codec) throws Exception {
        start(clipsYaml, new SimCameraConfig("door", 320, 180, FPS, 300, 5, false, null, null).withCodec(codec));
    }

    private void start(String clipsYaml, SimCameraConfig camera) throws Exception {
        cameras = new SimCameraServer("127.0.0.1", 0, List.of(camera)).start();
        String yaml = """
                site: test
                rtsp: { listen: 127.0.0.1:0, udp: { enabled: false } }
                onvif: { listen: 127.0.0.1:0 }
                audit: { file: "%s" }
                access: { allow: [127.0.0.1/32] }
                mqtt: { broker: tcp://127.0.0.1:1, outbox: { dir: "%s" } }
                users:
                  - { name: nvr, password: secret, cameras: ["*"] }
                  - { name: guest, password: guest, cameras: [lobby] }
                  - { name: dpo, password: dpo-secret, cameras: ["*"], admin: true }
                clips:
                  dir: "%s"
                  listen: 127.0.0.1:0
                %s
                cameras:
                  - id: door
                    purpose: test
                    source: rtsp://127.0.0.1:%d/door
                    gate: { mode: triggers, triggers: [manual], preRoll: 1s, postRoll: 1s }
                    clips: true
                  - id: lobby
                    purpose: test
                    source: rtsp://127.0.0.1:%d/door
                """.formatted(dir.resolve("audit.log"), dir.resolve("outbox"), dir.resolve("clips"), clipsYaml,
                cameras.port(), cameras.port());
        Files.writeString(dir.resolve("gateway.yaml"), yaml);
        GatewayConfig config = ConfigLoader.parse(yaml, "test.yaml", Map.of());
        gateway = new Gateway(config);
        gateway.events().subscribe(e -> {
            if (e.event().startsWith("clip")) {
                events.add(e);
            }
        });
        gateway.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        if (cameras != null) {
            cameras.stop();
        }
    }

    @Test
    void manualOpeningGivesAPlayableAuditedEncryptedClipThatRetentionDeletes() throws Exception {
        start("  encryptionKey: " + KEY + "\n  retention: 8s");
        Awaitility.await().atMost(15, TimeUnit.SECONDS).until(() -> gateway.stream("door").framesIn() > 0);
        Thread.sleep(2500); // the simulator starts with a burst: real time fills the pre-roll

        long opened = System.nanoTime();
        manual(EventState.START);
        Thread.sleep(2000);
        manual(EventState.END);
        double openSeconds = (System.nanoTime() - opened) / 1e9;

        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> !events.isEmpty());
        Event clip = events.get(0);
        assertThat(clip.event()).isEqualTo("clip");
        assertThat(clip.state()).isEqualTo(EventState.INSTANT);
        String id = (String) clip.data().get("clip");
        String url = (String) clip.data().get("url");
        int port = gateway.clipsAddress().orElseThrow().getPort();
        assertThat(url).isEqualTo("http://127.0.0.1:" + port + "/clips/" + id + ".mp4");
        assertThat((String) clip.data().get("snapshotUrl")).endsWith("/clips/" + id + ".jpg");

        // Plays for a permitted user: duration = open time + pre-roll + post-roll, within the GOP (0.2 s) the
        // pre-roll starts at and a couple of frames.
        String withUser = url.replace("http://", "http://nvr:secret@");
        double duration = Double.parseDouble(run("ffprobe", "-v", "error", "-show_entries", "format=duration",
                "-of", "csv=p=0", withUser).strip());
        assertThat(duration).isCloseTo(openSeconds + 1 + 1, org.assertj.core.data.Offset.offset(0.2 + 3.0 / FPS));
        assertThat(Duration.between(Instant.parse((String) clip.data().get("start")),
                Instant.parse((String) clip.data().get("end"))).toMillis() / 1000.0)
                .isCloseTo(duration, org.assertj.core.data.Offset.offset(2.0 / FPS));
        String frames = run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                "stream=nb_read_frames,codec_name,width", "-of", "csv=p=0", withUser).strip();
        assertThat(frames).startsWith("h264,320,");

        // The whole file, a range of it, and the snapshot.
        Path full = dir.resolve("full.mp4");
        assertThat(curl("-u", "nvr:secret", "-o", full.toString(), url)).isEqualTo("200");
        byte[] all = Files.readAllBytes(full);
        assertThat(all.length).isEqualTo(((Number) clip.data().get("bytes")).intValue());
        Path part = dir.resolve("part.bin");
        int from = all.length / 2;
        assertThat(curl("-u", "nvr:secret", "-r", from + "-" + (from + 999), "-o", part.toString(), url)).isEqualTo("206");
        assertThat(Files.readAllBytes(part)).isEqualTo(java.util.Arrays.copyOfRange(all, from, from + 1000));
        assertThat(curl("-u", "nvr:secret", "-r", all.length + "-", "-o", "/dev/null", url)).isEqualTo("416");
        Path jpg = dir.resolve("snap.jpg");
        assertThat(curl("-u", "nvr:secret", "-o", jpg.toString(), (String) clip.data().get("snapshotUrl")))
                .isEqualTo("200");
        assertThat(javax.imageio.ImageIO.read(jpg.toFile()).getWidth()).isEqualTo(320);

        // Refused without credentials, with a wrong password, and for a user without the camera.
        assertThat(curl("-o", "/dev/null", url)).isEqualTo("401");
        assertThat(curl("-u", "nvr:wrong", "-o", "/dev/null", url)).isEqualTo("401");
        assertThat(curl("-u", "guest:guest", "-o", "/dev/null", url)).isEqualTo("403");

        // Search: the permitted user finds it, the other finds nothing.
        String base = "http://127.0.0.1:" + port + "/clips?camera=door&from=" + Instant.now().minusSeconds(600);
        Path found = dir.resolve("found.json");
        assertThat(curl("-u", "nvr:secret", "-o", found.toString(), base)).isEqualTo("200");
        assertThat(Files.readString(found)).contains("\"id\":\"" + id + "\"");
        assertThat(curl("-u", "guest:guest", "-o", "/dev/null", "http://127.0.0.1:" + port + "/clips"))
                .isEqualTo("200");

        // Audited: each view with user, clip and address.
        List<String> audit = Files.readAllLines(dir.resolve("audit.log"));
        assertThat(audit).anySatisfy(l -> assertThat(l).contains("\"event\":\"clip-view\"").contains("\"user\":\"nvr\"")
                .contains(id).contains("127.0.0.1"));
        assertThat(audit).anySatisfy(l -> assertThat(l).contains("\"event\":\"denied\"").contains("\"user\":\"guest\""));

        // Not playable on disk: encrypted, and no clear copy left.
        List<Path> stored;
        try (Stream<Path> files = Files.list(dir.resolve("clips"))) {
            stored = files.filter(Files::isRegularFile).toList();
        }
        assertThat(stored).extracting(p -> p.getFileName().toString())
                .contains(id + ".mp4.enc", id + ".jpg.enc", id + ".json").noneMatch(n -> n.endsWith(".mp4"));
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", dir.resolve("clips").resolve(id + ".mp4.enc").toString())
                .redirectErrorStream(true).start();
        assertThat(probe.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).as("an encrypted clip does not play").isNotZero();
        assertThat(indexOf(Files.readAllBytes(dir.resolve("clips").resolve(id + ".mp4.enc")), "ftyp")).isNegative();

        // Retention 8 s: gone within the next retention pass (every 15 s), and audited.
        Awaitility.await().atMost(40, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1))
                .until(() -> !Files.exists(dir.resolve("clips").resolve(id + ".mp4.enc")));
        assertThat(Files.exists(dir.resolve("clips").resolve(id + ".json"))).isFalse();
        assertThat(curl("-u", "nvr:secret", "-o", "/dev/null", url)).isEqualTo("404");
        assertThat(Files.readAllLines(dir.resolve("audit.log"))).anySatisfy(l -> assertThat(l)
                .contains("\"event\":\"clip-delete\"").contains(id));
    }

    @Test
    void anH265CameraGivesAPlayableHevcClip() throws Exception {
        start("  encryptionKey: " + KEY, NalCodec.H265);
        Awaitility.await().atMost(15, TimeUnit.SECONDS).until(() -> gateway.stream("door").framesIn() > 0);
        Thread.sleep(2500);
        long opened = System.nanoTime();
        manual(EventState.START);
        Thread.sleep(2000);
        manual(EventState.END);
        double openSeconds = (System.nanoTime() - opened) / 1e9;
        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> !events.isEmpty());
        Event clip = events.get(0);
        assertThat(clip.event()).as("%s", clip.data()).isEqualTo("clip");
        String withUser = ((String) clip.data().get("url")).replace("http://", "http://nvr:secret@");
        String stream = run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                "stream=codec_name,codec_tag_string,width,height,nb_read_frames", "-of", "csv=p=0", withUser).strip();
        assertThat(stream).startsWith("hevc,hvc1,320,180,");
        double duration = Double.parseDouble(run("ffprobe", "-v", "error", "-show_entries", "format=duration",
                "-of", "csv=p=0", withUser).strip());
        assertThat(duration).isCloseTo(openSeconds + 1 + 1, org.assertj.core.data.Offset.offset(0.2 + 3.0 / FPS));
        int frames = Integer.parseInt(stream.substring(stream.lastIndexOf(',') + 1));
        assertThat(frames).as("every picture decodes").isCloseTo((int) Math.round(duration * FPS),
                org.assertj.core.data.Offset.offset(3));
        Path jpg = dir.resolve("snap.jpg");
        assertThat(curl("-u", "nvr:secret", "-o", jpg.toString(), (String) clip.data().get("snapshotUrl")))
                .isEqualTo("200");
        assertThat(javax.imageio.ImageIO.read(jpg.toFile()).getWidth()).isEqualTo(320);
    }

    @Test
    void clientOutsideTheAllowListIsRefusedAtTheClipsListener() throws Exception {
        start("");
        int port = gateway.clipsAddress().orElseThrow().getPort();
        assertRefusedFromAnotherAddress(port, "GET /clips?camera=door HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    @Test
    void exportFillsTheMaskAndLeavesTheRestAndIsAudited() throws Exception {
        start("  encryptionKey: " + KEY);
        String id = recordClip();
        Path original = dir.resolve("original.mp4");
        assertThat(curl("-u", "nvr:secret", "-o", original.toString(), (String) events.get(0).data().get("url")))
                .isEqualTo("200");

        Path out = dir.resolve("export.mp4");
        java.io.StringWriter text = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new org.camgate.cli.Main());
        cli.setOut(new java.io.PrintWriter(text));
        cli.setErr(new java.io.PrintWriter(text));
        int status = cli.execute("export", "--config", dir.resolve("gateway.yaml").toString(), "--camera", "door",
                "--clip", id, "--mask", "0.5,0.3,1,0.3,1,1,0.5,1", "--reason", "data-subject request 42", "--by", "dpo",
                "--out", out.toString());
        assertThat(status).as(text.toString()).isZero();
        assertThat(text.toString()).contains("export ").contains("1 clip(s)");

        int[][] before = luma(original, 10);
        int[][] after = luma(out, 10);
        int w = before.length;
        int h = before[0].length;
        // The masked region: black in the export, not in the original.
        assertThat(mean(after, w / 2 + 2, h * 3 / 10 + 2, w, h)).isLessThan(8);
        assertThat(mean(before, w / 2 + 2, h * 3 / 10 + 2, w, h)).isGreaterThan(20);
        // The rest (below the burnt-in label): as it was, within what re-encoding changes.
        assertThat(meanDiff(before, after, 0, h * 3 / 10, w / 2 - 4, h)).isLessThan(10);
        // The label: the top-left corner changed.
        assertThat(meanDiff(before, after, 0, 0, w / 4, h / 20)).isGreaterThan(10);
        String duration = run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0",
                out.toString()).strip();
        assertThat(duration).isEqualTo("h264");
        assertThat(Files.readAllLines(dir.resolve("audit.log"))).anySatisfy(l -> assertThat(l)
                .contains("\"event\":\"clip-export\"").contains("\"user\":\"dpo\"").contains(id)
                .contains("data-subject request 42"));
    }

    @Test
    void anAdminExportsOverHttpWithTheMaskHiddenOthersAreRefusedAndAudited() throws Exception {
        start("  encryptionKey: " + KEY);
        String id = recordClip();
        int port = gateway.clipsAddress().orElseThrow().getPort();
        String url = "http://127.0.0.1:" + port + "/clips/" + id + "/export";
        Path original = dir.resolve("original.mp4");
        assertThat(curl("-u", "dpo:dpo-secret", "-o", original.toString(), "http://127.0.0.1:" + port + "/clips/" + id
                + ".mp4")).isEqualTo("200");

        // The admin: the export, with the right half below 30 % masked.
        Path out = dir.resolve("export.mp4");
        Path headers = dir.resolve("headers.txt");
        String status = curl("-u", "dpo:dpo-secret", "-D", headers.toString(), "-o", out.toString(),
                "--data-urlencode", "mask=0.5,0.3,1,0.3,1,1,0.5,1", "--data-urlencode", "reason=police request 7", url);
        assertThat(status).as(status.equals("200") ? "" : new String(Files.readAllBytes(out), StandardCharsets.UTF_8))
                .isEqualTo("200");
        String exportId = Files.readAllLines(headers).stream().filter(l -> l.toLowerCase().startsWith("x-camgate-export:"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElseThrow();
        assertThat(run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0",
                out.toString()).strip()).isEqualTo("h264");
        int[][] before = luma(original, 10);
        int[][] after = luma(out, 10);
        int w = before.length;
        int h = before[0].length;
        assertThat(mean(after, w / 2 + 2, h * 3 / 10 + 2, w, h)).as("masked region").isLessThan(8);
        assertThat(mean(before, w / 2 + 2, h * 3 / 10 + 2, w, h)).isGreaterThan(20);
        assertThat(meanDiff(before, after, 0, h * 3 / 10, w / 2 - 4, h)).as("the rest").isLessThan(10);
        assertThat(Files.readAllLines(dir.resolve("audit.log"))).anySatisfy(l -> assertThat(l)
                .contains("\"event\":\"clip-export\"").contains("\"user\":\"dpo\"").contains(id)
                .contains("police request 7").contains(exportId).contains("\"transport\":\"http\""));

        // Without a reason: 400. A user who may see the camera but is no admin: 403, audited. No credentials: 401.
        assertThat(curl("-u", "dpo:dpo-secret", "-o", "/dev/null", "-X", "POST", url)).isEqualTo("400");
        assertThat(curl("-u", "nvr:secret", "-o", "/dev/null", "--data-urlencode", "reason=curious", url))
                .isEqualTo("403");
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Files.readAllLines(dir.resolve("audit.log"))).anySatisfy(l -> assertThat(l)
                        .contains("\"event\":\"denied\"").contains("\"user\":\"nvr\"").contains("not an admin")));
        assertThat(curl("-o", "/dev/null", "--data-urlencode", "reason=x", url)).isEqualTo("401");
        assertThat(curl("-u", "dpo:dpo-secret", "-o", "/dev/null", url)).isEqualTo("405");

        // From an address outside the allow list: closed at accept, audited.
        assertRefusedFromAnotherAddress(port, "POST /clips/" + id + "/export HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 8\r\n\r\nreason=x");
        assertThat(Files.readAllLines(dir.resolve("audit.log")).stream()
                .filter(l -> l.contains("\"event\":\"clip-export\"")).count()).as("only the admin's export").isEqualTo(1);
    }

    @Test
    void anExportWithBlurFacesPixelatesTheFaceAndLeavesTheRest() throws Exception {
        // A camera looking at a face (centred at 30 % of the width, half the height, 45 % of the height tall).
        start("  encryptionKey: " + KEY, new SimCameraConfig("door", 640, 360, FPS, 800, 5, false, null, null)
                .withScene(org.camgate.sim.camera.ScriptedScene.builder().face(600, 50).build()));
        String id = recordClip();
        int port = gateway.clipsAddress().orElseThrow().getPort();
        Path original = dir.resolve("original.mp4");
        assertThat(curl("-u", "dpo:dpo-secret", "-o", original.toString(), "http://127.0.0.1:" + port + "/clips/" + id
                + ".mp4")).isEqualTo("200");

        Path out = dir.resolve("export.mp4");
        String status = curl("-u", "dpo:dpo-secret", "-o", out.toString(), "--data-urlencode", "blurFaces=true",
                "--data-urlencode", "reason=data-subject request 9", "http://127.0.0.1:" + port + "/clips/" + id + "/export");
        assertThat(status).as(status.equals("200") ? "" : new String(Files.readAllBytes(out), StandardCharsets.UTF_8))
                .isEqualTo("200");
        int[][] before = luma(original, 10);
        int[][] after = luma(out, 10);
        int w = before.length;
        int h = before[0].length;
        // The face (its box: 30 % of the width, half the height, 45 % of the height tall, 0.74 as wide): its detail
        // (eyes, brows, mouth against the skin) is gone; the eyes are no longer dark.
        int fx0 = w * 3 / 10 - h * 16 / 100;
        int fx1 = w * 3 / 10 + h * 16 / 100;
        int fy0 = h / 2 - h * 22 / 100;
        int fy1 = h / 2 + h * 22 / 100;
        assertThat(detail(after, fx0, fy0, fx1, fy1)).as("detail in the face")
                .isLessThan(detail(before, fx0, fy0, fx1, fy1) * 0.35);
        int eyeX = w * 3 / 10 - h * 45 / 100 * 33 / 190;
        int eyeY = h / 2 - h * 45 / 100 * 25 / 190;
        assertThat(before[eyeX][eyeY]).as("the eye in the original").isLessThan(70);
        assertThat(after[eyeX][eyeY]).as("the eye in the export").isGreaterThan(100);
        // The right half (no face): as it was, within what re-encoding changes.
        assertThat(meanDiff(before, after, w * 6 / 10, h / 10, w, h)).as("the rest").isLessThan(10);
        assertThat(Files.readAllLines(dir.resolve("audit.log"))).anySatisfy(l -> assertThat(l)
                .contains("\"event\":\"clip-export\"").contains("\"blurFaces\":true").contains(id)
                .containsPattern("\"faces\":[1-9]"));
    }

    /** A client from 127.0.0.2 (outside the allow list) sending {@code request}: closed unanswered, audited. */
    private void assertRefusedFromAnotherAddress(int port, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.2"), 0));
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            int first;
            try {
                first = socket.getInputStream().read();
            } catch (java.net.SocketException reset) {
                first = -1;
            }
            assertThat(first).as("closed without an answer").isEqualTo(-1);
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Files.readAllLines(dir.resolve("audit.log"))).anyMatch(l -> l.contains("\"denied\"")
                        && l.contains("127.0.0.2") && l.contains("\"clips\"")));
    }

    /** A manual opening of 1.5 s once the camera streams: the clip's id, from its event. */
    private String recordClip() throws InterruptedException {
        Awaitility.await().atMost(15, TimeUnit.SECONDS).until(() -> gateway.stream("door").framesIn() > 0);
        Thread.sleep(1500);
        manual(EventState.START);
        Thread.sleep(1500);
        manual(EventState.END);
        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> !events.isEmpty());
        return (String) events.get(0).data().get("clip");
    }

    private void manual(EventState state) {
        gateway.events().publish(Event.of(Instant.now(), "test", EventSource.camera("door"), "manual", state, null,
                Map.of()));
    }

    private static int indexOf(byte[] data, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + t.length <= data.length; i++) {
            for (int j = 0; j < t.length; j++) {
                if (data[i + j] != t[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}

