package org.camgate.audit;

import org.camgate.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.camgate.config.AuditConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAuditLogTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-24T10:15:30.123456Z"));
    private JsonLinesAuditLog log;

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    @Test
    void writesOneJsonObjectPerLineWithTopLevelFieldsThenDetails() throws IOException {
        Path file = dir.resolve("data/nested/audit.log");
        log = new JsonLinesAuditLog(file, Duration.ofDays(30), clock);

        log.record(AuditEvent.builder(AuditEvent.SESSION_END, clock.instant())
                .user("nvr").remote(new InetSocketAddress("192.0.2.7", 50123)).camera("entrance")
                .transport("tcp").bytes(123456789L).duration(Duration.ofSeconds(90)).build());
        log.record(AuditEvent.builder(AuditEvent.AUTH_FAILURE, clock.instant())
                .remote(new InetSocketAddress("::1", 1)).reason("bad credentials").build());

        List<String> lines = lines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("{\"time\":\"2026-11-24T10:15:30.123Z\",\"event\":\"session-end\","
                + "\"user\":\"nvr\",\"remote\":\"192.0.2.7:50123\",\"camera\":\"entrance\",\"transport\":\"tcp\","
                + "\"bytes\":123456789,\"durationMs\":90000}");
        JsonNode second = MAPPER.readTree(lines.get(1));
        assertThat(second.get("user").isNull()).isTrue();
        assertThat(second.get("camera").isNull()).isTrue();
        assertThat(second.get("remote").asText()).isEqualTo("[0:0:0:0:0:0:0:1]:1");
        assertThat(second.get("reason").asText()).isEqualTo("bad credentials");
    }

    @Test
    void hostileValuesCannotForgeLines() throws IOException {
        Path file = dir.resolve("audit.log");
        log = new JsonLinesAuditLog(file, Duration.ofDays(30), clock);

        log.record(AuditEvent.builder(AuditEvent.AUTH_FAILURE, clock.instant())
                .user("x\"}\n{\"event\":\"session-start").remote("192.0.2.1").build());

        List<String> lines = lines(file);
        assertThat(lines).hasSize(1);
        assertThat(MAPPER.readTree(lines.get(0)).get("user").asText()).isEqualTo("x\"}\n{\"event\":\"session-start");
    }

    @Test
    void controlCharactersAndOtherLineBreaksAreEscaped() throws IOException {
        Path file = dir.resolve("audit.log");
        log = new JsonLinesAuditLog(file, Duration.ofDays(30), clock);
        String hostile = "a\u0000b\u0007c\rd\ne\u000bf\u000cg\u001b[31mh\u001ci\u007fj\u0085k\u009bl\u2028m\u2029n"
                + "\u202eo\u2066p\ufeffq\u00e9r";

        log.record(AuditEvent.builder(AuditEvent.AUTH_FAILURE, clock.instant()).user(hostile).remote("192.0.2.1")
                .reason(hostile).build());

        flush();
        String content = Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(content.indexOf('\n')).isEqualTo(content.length() - 1);
        for (char c : content.substring(0, content.length() - 1).toCharArray()) {
            assertThat(c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || LineSafeEscapes.escaped(c))
                    .as("raw U+%04X in the line", (int) c).isFalse();
        }
        assertThat(content).contains("\\u2028").contains("\\u001B").contains("\\u007F").contains("\\u202E").contains("\u00e9");
        JsonNode node = MAPPER.readTree(content);
        assertThat(node.get("user").asText()).isEqualTo(AuditText.bound(hostile, AuditEvent.MAX_NAME_CHARS));
        assertThat(node.get("reason").asText()).isEqualTo(hostile);
    }

    @Test
    void appendsToAnExistingFile() throws IOException {
        Path file = dir.resolve("audit.log");
        Files.writeString(file, "{\"event\":\"earlier\"}\n");
        log = new JsonLinesAuditLog(file, Duration.ofDays(30), clock);
        log.record(event("later"));

        assertThat(lines(file)).hasSize(2).first().isEqualTo("{\"event\":\"earlier\"}");
    }

    @Test
    void concurrentWritersProduceWholeLines() throws Exception {
        Path file = dir.resolve("audit.log");
        log = new JsonLinesAuditLog(file, Duration.ofDays(30), clock);
        int threads = 8;
        int perThread = 500;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    log.record(AuditEvent.builder(AuditEvent.SESSION_START, clock.instant())
                            .user("u" + id).remote("10.0.0." + id).detail("seq", i).detail("pad", "x".repeat(200)).build());
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }

        List<String> lines = lines(file);
        assertThat(lines).hasSize(threads * perThread);
        for (String line : lines) {
            JsonNode node = MAPPER.readTree(line);
            assertThat(node.get("event").asText()).isEqualTo("session-start");
            assertThat(node.get("pad").asText()).hasSize(200);
        }
    }

    @Test
    void rotatesWhenTheUtcDateChanges() throws IOException {
        Path file = dir.resolve("audit.log");
        log = new JsonLinesAuditLog(file, Duration.ofDays(30), clock);
        // The writer decides by its clock when it writes, so each event is written before the clock moves.
        log.record(event("first-day"));
        flush();
        clock.now = Instant.parse("2026-11-24T23:59:59.999Z");
        log.record(event("still-first-day"));
        flush();
        clock.now = Instant.parse("2026-11-25T00:00:00Z");
        log.record(event("second-day"));

        assertThat(lines(dir.resolve("audit-2026-11-24.log")))
                .hasSize(2).allMatch(l -> l.contains("first-day"));
        assertThat(lines(file)).singleElement().asString().contains("second-day");
    }

    @Test
    void atStartAFileFromAnEarlierDayIsRotatedToThatDay() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "{\"event\":\"old\"}\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-20T22:00:00Z")));

        log = new JsonLinesAuditLog(file, Duration.ofDays(30), clock);
        log.record(event("new"));

        assertThat(lines(dir.resolve("audit-2026-11-20.jsonl"))).containsExactly("{\"event\":\"old\"}");
        assertThat(lines(file)).singleElement().asString().contains("\"new\"");
    }

    @Test
    void deletesRotatedFilesOlderThanTheRetentionAtStartAndAtRotation() throws IOException {
        Path file = dir.resolve("audit.log");
        for (String day : List.of("2026-10-01", "2026-10-24", "2026-10-25", "2026-11-23")) {
            Files.writeString(dir.resolve("audit-" + day + ".log"), "{}\n");
        }
        Files.writeString(dir.resolve("other-2026-01-01.log"), "{}\n");
        Files.writeString(dir.resolve("audit-2026-01-01.log.bak"), "{}\n");

        // now 2026-11-24T10:15; 30 days back is 2026-10-25T10:15: days ending before that go.
        log = new JsonLinesAuditLog(file, Duration.ofDays(30), clock);
        assertThat(names()).containsExactlyInAnyOrder("audit.log", "audit-2026-10-25.log", "audit-2026-11-23.log",
                "other-2026-01-01.log", "audit-2026-01-01.log.bak");

        log.record(event("a"));
        flush();
        clock.now = Instant.parse("2026-11-25T12:00:00Z");
        log.record(event("b"));
        assertThat(names()).containsExactlyInAnyOrder("audit.log", "audit-2026-11-23.log", "audit-2026-11-24.log",
                "other-2026-01-01.log", "audit-2026-01-01.log.bak");
    }

    @Test
    void ioErrorsAreNotThrownAndWritingResumes() throws IOException {
        Path sub = dir.resolve("sub");
        Path file = sub.resolve("audit.log");
        log = new JsonLinesAuditLog(file, Duration.ofDays(30), clock);
        log.record(event("before"));
        flush();

        // Replace the directory by a plain file, so rotating and reopening fail.
        Files.delete(file);
        Files.delete(sub);
        Files.writeString(sub, "blocker");
        clock.now = clock.now.plus(Duration.ofDays(1));
        log.record(event("lost-1"));
        log.record(event("lost-2"));
        flush();

        Files.delete(sub);
        log.record(event("after"));
        assertThat(lines(file)).singleElement().asString().contains("after");
    }

    @Test
    void recordNeverWaitsForTheDiskAndDroppedEventsAreSummarised() throws Exception {
        Path file = dir.resolve("audit.log");
        // A writer that has not started yet stands for one stuck on a slow disk.
        log = new JsonLinesAuditLog(new AuditConfig(file, Duration.ofDays(30)), clock, 10, false);
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            log.record(AuditEvent.builder(i % 4 == 0 ? AuditEvent.SESSION_START : AuditEvent.SESSION_END, clock.instant())
                    .remote("192.0.2.1").detail("seq", i).build());
            clock.now = clock.now.plusMillis(10);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(Files.readAllLines(file)).isEmpty();

        log.startWriter();
        List<String> lines = lines(file);
        assertThat(lines).hasSize(11);
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines) {
            nodes.add(MAPPER.readTree(line));
        }
        assertThat(nodes.stream().filter(n -> n.has("seq")).map(n -> n.get("seq").asInt()))
                .as("the first 10, in order").containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        JsonNode summary = nodes.stream().filter(n -> n.get("event").asText().equals("dropped")).findFirst().orElseThrow();
        assertThat(summary.get("reason").asText()).isEqualTo("queue full");
        assertThat(summary.get("counts").get("session-start").asInt()).isEqualTo(22);
        assertThat(summary.get("counts").get("session-end").asInt()).isEqualTo(68);
        assertThat(summary.get("first").asText()).isEqualTo("2026-11-24T10:15:30.223Z");
        assertThat(summary.get("last").asText()).isEqualTo("2026-11-24T10:15:31.113Z");

        log.record(event("later"));
        assertThat(lines(file)).hasSize(12).last().asString().contains("\"later\"");
    }

    @Test
    void writesOffTheCallersThreadAndCloseWritesWhatWasRecordedBefore() throws Exception {
        Path file = dir.resolve("audit.log");
        log = new JsonLinesAuditLog(new AuditConfig(file, Duration.ofDays(30)), clock, 100, false);
        for (int i = 0; i < 50; i++) {
            log.record(AuditEvent.builder(AuditEvent.SESSION_END, clock.instant()).remote("192.0.2.1").reason("e" + i).build());
        }
        assertThat(Files.readAllLines(file)).isEmpty();
        log.close();
        assertThat(Files.readAllLines(file)).hasSize(50).last().asString().contains("e49");
    }

    @Test
    void closeIsIdempotentAndLaterEventsAreDropped() throws IOException {
        Path file = dir.resolve("audit.log");
        log = new JsonLinesAuditLog(file, Duration.ofDays(30), clock);
        log.close();
        log.close();
        log.record(event("dropped"));
        assertThat(Files.readAllLines(file)).isEmpty();
    }

    @Test
    void refusesSecretsAndShadowingDetails() {
        AuditEvent.Builder b = AuditEvent.builder(AuditEvent.DENIED, clock.instant()).remote("192.0.2.1");
        assertThatThrownBy(() -> b.detail("password", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("detail: password (expected: no passwords or secrets in the audit log)");
        assertThatThrownBy(() -> b.detail("cameraPassword", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.detail("user", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("detail: user (expected: not one of");
        assertThatThrownBy(() -> AuditEvent.builder(AuditEvent.DENIED, clock.instant()).build())
                .isInstanceOf(NullPointerException.class).hasMessage("remote");
    }

    /** The file's lines once the writer has written everything recorded so far. */
    private List<String> lines(Path file) throws IOException {
        flush();
        return Files.readAllLines(file);
    }

    private void flush() {
        try {
            assertThat(log.flush(Duration.ofSeconds(10))).as("flushed").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private AuditEvent event(String reason) {
        return AuditEvent.builder(AuditEvent.DENIED, clock.instant()).remote("192.0.2.1").reason(reason).build();
    }

    private List<String> names() throws IOException {
        flush();
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Iterator<Path> it = files.iterator(); it.hasNext(); ) {
                names.add(it.next().getFileName().toString());
            }
        }
        return names;
    }
}
