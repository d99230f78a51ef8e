package org.camgate.audit;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's files: the live file, appended to, and the rotated ones beside it.
 *
 * <p>The live file is rotated when the UTC date changes, and when a line would take it past
 * {@code maxFileSize}: it is renamed to {@code NAME-YYYY-MM-DD.EXT} (e.g. {@code audit.log} to
 * {@code audit-2026-11-24.log}) for the day's first rotated file, {@code NAME-YYYY-MM-DD.1.EXT},
 * {@code .2}, ... for the next ones, so a day's files sort in the order they were written. At start
 * and at each rotation, rotated files whose newest possible entry is older than the retention are
 * deleted, then the oldest rotated files until they take at most {@code maxTotalSize -
 * maxFileSize}: with the live file, the log never takes more than {@code maxTotalSize}.
 *
 * <p>Not thread-safe: used by the log's writer thread only (and its constructor).
 */
final class AuditFiles {

    private static final Logger log = LoggerFactory.getLogger(AuditFiles.class);
    private static final int BUFFER = 64 * 1024;

    private final Path file;
    private final Duration retention;
    private final long maxFileSize;
    private final long maxTotalSize;
    private final Clock clock;
    private final String prefix;
    private final String suffix;
    private final Pattern rotatedName;

    private OutputStream out;
    private long size;
    private LocalDate currentDate;

    /**
     * Creates the directories, rotates a live file left from an earlier day, applies retention and
     * size limit, and opens the live file.
     */
    AuditFiles(Path file, Duration retention, long maxFileSize, long maxTotalSize, Clock clock) throws IOException {
        this.file = requireNonNull(file, "file").toAbsolutePath();
        this.retention = requireNonNull(retention, "retention");
        this.clock = requireNonNull(clock, "clock");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention: " + retention + " (expected: > 0)");
        }
        if (maxFileSize <= 0) {
            throw new IllegalArgumentException("maxFileSize: " + maxFileSize + " (expected: > 0)");
        }
        if (maxTotalSize < maxFileSize) {
            throw new IllegalArgumentException("maxTotalSize: " + maxTotalSize + " (expected: >= maxFileSize " + maxFileSize + ")");
        }
        this.maxFileSize = maxFileSize;
        this.maxTotalSize = maxTotalSize;
        String name = this.file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        prefix = dot > 0 ? name.substring(0, dot) : name;
        suffix = dot > 0 ? name.substring(dot) : "";
        rotatedName = Pattern.compile(Pattern.quote(prefix) + "-(\\d{4}-\\d{2}-\\d{2})(?:\\.(\\d{1,9}))?" + Pattern.quote(suffix));

        Files.createDirectories(this.file.getParent());
        LocalDate today = today();
        if (Files.exists(this.file)) {
            LocalDate written = LocalDate.ofInstant(Files.getLastModifiedTime(this.file).toInstant(), ZoneOffset.UTC);
            if (written.isBefore(today)) {
                rotate(written);
            }
        }
        currentDate = today;
        cleanUp();
        open();
    }

    Path file() {
        return file;
    }

    /** The name of a day's rotated file: index 0 is the day's first, {@code NAME-YYYY-MM-DD.EXT}. */
    Path rotatedFile(LocalDate date, int index) {
        return file.resolveSibling(prefix + "-" + date + (index == 0 ? "" : "." + index) + suffix);
    }

    /** Appends a whole line, rotating first when the day changed or the line would not fit. */
    void append(byte[] line) throws IOException {
        LocalDate today = today();
        if (!today.equals(currentDate)) {
            closeOut();
            rotate(currentDate);
            currentDate = today;
            cleanUp();
        }
        if (out == null) {
            open();
        }
        if (size > 0 && size + line.length > maxFileSize) {
            closeOut();
            rotate(currentDate);
            cleanUp();
            open();
        }
        out.write(line);
        size += line.length;
    }

    /** Hands what was appended to the OS. */
    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    /** Closes the live file, if open; it is opened again at the next line. */
    void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                log.debug("closing audit log {}", file, e);
            }
            out = null;
        }
    }

    private void closeOut() throws IOException {
        if (out != null) {
            try {
                out.close();
            } finally {
                out = null;
            }
        }
    }

    private void open() throws IOException {
        Files.createDirectories(file.getParent());
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE), BUFFER);
        size = Files.size(file);
    }

    /** Moves a non-empty live file to the next free name of the given day. */
    private void rotate(LocalDate date) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        int next = 0;
        for (Rotated r : rotated()) {
            if (r.date.equals(date)) {
                next = Math.max(next, r.index + 1);
            }
        }
        Files.move(file, rotatedFile(date, next));
    }

    /** Deletes rotated files past the retention, then the oldest ones over the size limit. */
    private void cleanUp() {
        List<Rotated> files;
        try {
            files = rotated();
        } catch (IOException e) {
            log.warn("cannot apply retention to audit logs in {}", file.getParent(), e);
            return;
        }
        Instant cutoff = clock.instant().minus(retention);
        List<Rotated> kept = new ArrayList<>();
        for (Rotated r : files) {
            if (r.date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(cutoff)) {
                delete(r, "retention " + retention);
            } else {
                kept.add(r);
            }
        }
        long total = kept.stream().mapToLong(r -> r.size).sum();
        long budget = maxTotalSize - maxFileSize;
        for (Rotated r : kept) {
            if (total <= budget) {
                break;
            }
            if (delete(r, "audit.maxTotalSize " + maxTotalSize + " bytes")) {
                total -= r.size;
            }
        }
    }

    private boolean delete(Rotated r, String why) {
        try {
            Files.deleteIfExists(r.path);
            log.info("deleted audit log {} ({})", r.path.getFileName(), why);
            return true;
        } catch (IOException e) {
            log.warn("cannot delete audit log {}", r.path, e);
            return false;
        }
    }

    /** The rotated files beside the live one, oldest first. */
    private List<Rotated> rotated() throws IOException {
        List<Rotated> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(file.getParent())) {
            for (Path p : dir) {
                Matcher m = rotatedName.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                LocalDate day;
                try {
                    day = LocalDate.parse(m.group(1));
                } catch (DateTimeParseException e) {
                    continue;
                }
                long bytes;
                try {
                    bytes = Files.size(p);
                } catch (NoSuchFileException e) {
                    continue;
                }
                out.add(new Rotated(p, day, m.group(2) == null ? 0 : Integer.parseInt(m.group(2)), bytes));
            }
        }
        out.sort(Comparator.comparing((Rotated r) -> r.date).thenComparingInt(r -> r.index));
        return out;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private record Rotated(Path path, LocalDate date, int index, long size) {
    }
}
