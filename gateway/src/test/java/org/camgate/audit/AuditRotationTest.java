package org.camgate.audit;

import org.camgate.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.camgate.config.AuditConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation by size as well as by day, and the limit on all files together. */
class AuditRotationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration MONTH = Duration.ofDays(30);

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
    void aFullFileIsRotatedToTheDaysNextNumberAndNoLineIsSplit() throws Exception {
        Path file = dir.resolve("audit.log");
        open(file, 1024, 1 << 20);
        record(30);

        TreeMap<String, Long> sizes = sizes();
        List<String> days = rotatedInOrder(sizes);
        // About 230 bytes a line: 4 lines a file.
        assertThat(days).hasSize(7).startsWith("audit-2026-11-24.log", "audit-2026-11-24.1.log")
                .endsWith("audit-2026-11-24.6.log");
        assertThat(days).allSatisfy(name -> assertThat(sizes.get(name)).as(name).isBetween(800L, 1024L));
        assertThat(sizes.get("audit.log")).isLessThanOrEqualTo(1024L);
        days.add("audit.log");
        assertThat(sequence(days)).as("all events, in order, each on a whole line").isEqualTo(range(0, 30));
    }

    @Test
    void theDayChangeTakesTheNextNumberAfterSizeRotations() throws Exception {
        Path file = dir.resolve("audit.log");
        open(file, 1024, 1 << 20);
        record(12);
        clock.now = Instant.parse("2026-11-25T00:00:01Z");
        record(1);

        assertThat(sizes().keySet()).containsExactly("audit-2026-11-24.1.log", "audit-2026-11-24.2.log",
                "audit-2026-11-24.log", "audit.log");
        assertThat(sequence(List.of("audit-2026-11-24.log", "audit-2026-11-24.1.log", "audit-2026-11-24.2.log")))
                .isEqualTo(range(0, 12));
        assertThat(sequence(List.of("audit.log"))).containsExactly(12);
    }

    @Test
    void theOldestRotatedFilesGoWhenAllTogetherWouldExceedMaxTotalSize() throws Exception {
        Path file = dir.resolve("audit.log");
        Files.writeString(dir.resolve("audit-2026-11-20.log"), "x".repeat(900) + "\n");
        Files.writeString(dir.resolve("audit-2026-11-23.log"), "x".repeat(900) + "\n");
        // At start: rotated files may take 4KB - 1KB, the rest is the live file's.
        open(file, 1024, 4096);
        assertThat(sizes().keySet()).containsExactly("audit-2026-11-20.log", "audit-2026-11-23.log", "audit.log");

        record(60);
        TreeMap<String, Long> sizes = sizes();
        assertThat(sizes.values().stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(4096);
        assertThat(sizes.keySet()).doesNotContain("audit-2026-11-20.log", "audit-2026-11-23.log",
                "audit-2026-11-24.log", "audit-2026-11-24.1.log").contains("audit.log");
        List<Integer> tail = sequence(rotatedInOrder(sizes));
        tail.addAll(sequence(List.of("audit.log")));
        assertThat(tail).as("the newest events survive, in order").isEqualTo(range(60 - tail.size(), 60));
    }

    @Test
    void atStartAnOldFileTakesTheNextFreeNameOfItsDay() throws Exception {
        Path file = dir.resolve("audit.log");
        Files.writeString(dir.resolve("audit-2026-11-20.log"), "{\"n\":1}\n");
        Files.writeString(dir.resolve("audit-2026-11-20.1.log"), "{\"n\":2}\n");
        Files.writeString(file, "{\"n\":3}\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-20T23:00:00Z")));

        open(file, 1024, 1 << 20);
        assertThat(Files.readString(dir.resolve("audit-2026-11-20.2.log"))).isEqualTo("{\"n\":3}\n");
        assertThat(Files.size(file)).isZero();
    }

    @Test
    void retentionAppliesToNumberedFilesToo() throws Exception {
        Path file = dir.resolve("audit.log");
        for (String name : List.of("audit-2026-10-01.log", "audit-2026-10-01.7.log", "audit-2026-11-23.3.log",
                "audit-2026-10-01.x.log")) {
            Files.writeString(dir.resolve(name), "{}\n");
        }
        open(file, 1024, 1 << 20);
        assertThat(sizes().keySet()).containsExactly("audit-2026-10-01.x.log", "audit-2026-11-23.3.log", "audit.log");
    }

    @Test
    void limitsAreChecked() {
        Path file = dir.resolve("audit.log");
        assertThatThrownBy(() -> open(file, 2048, 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxTotalSize: 1024 (expected: >= maxFileSize 2048)");
        assertThatThrownBy(() -> open(file, 0, 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxFileSize: 0 (expected: > 0)");
    }

    private void open(Path file, long maxFileSize, long maxTotalSize) throws IOException {
        log = new JsonLinesAuditLog(new AuditConfig(file, MONTH, maxFileSize, maxTotalSize,
                AuditConfig.Refusals.defaults()), clock);
    }

    /** Events of about 200 bytes each, numbered from the count already recorded. */
    private int recorded;

    private void record(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            log.record(AuditEvent.builder(AuditEvent.SESSION_END, clock.instant()).user("nvr").remote("192.0.2.1:5000")
                    .camera("entrance").detail("seq", recorded++).detail("pad", "p".repeat(100)).build());
        }
        assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
    }

    private TreeMap<String, Long> sizes() throws IOException {
        TreeMap<String, Long> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                out.put(p.getFileName().toString(), Files.size(p));
            }
        }
        return out;
    }

    /** The seq numbers in the given files, in order; every line must be a whole JSON object. */
    private List<Integer> sequence(List<String> names) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (String name : names) {
            String content = Files.readString(dir.resolve(name));
            assertThat(content).as(name).endsWith("\n");
            for (String line : content.split("\n")) {
                out.add(MAPPER.readTree(line).get("seq").asInt());
            }
        }
        return out;
    }

    /** The rotated files of the test's day, in the order they were written. */
    private static List<String> rotatedInOrder(TreeMap<String, Long> sizes) {
        List<String> out = new ArrayList<>(sizes.keySet());
        out.remove("audit.log");
        out.sort((a, b) -> Integer.compare(index(a), index(b)));
        return out;
    }

    private static int index(String name) {
        String[] parts = name.split("\\.");
        return parts.length == 2 ? 0 : Integer.parseInt(parts[1]);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }
}
