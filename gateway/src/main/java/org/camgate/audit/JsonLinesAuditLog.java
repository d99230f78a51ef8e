package org.camgate.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit log as JSON lines: {@code time} (ISO-8601 UTC, milliseconds), {@code event}, {@code user},
 * {@code remote}, {@code camera}, then the details as top-level fields. Strings are bounded by
 * {@link AuditEvent}; control characters and anything else a reader could take for a line break
 * are escaped ({@link LineSafeEscapes}), so one event is always exactly one line. The file is only ever
 * appended to. When the UTC date changes the file is renamed to {@code NAME-YYYY-MM-DD.EXT} beside
 * it (e.g. {@code audit.log} to {@code audit-2026-11-24.log}), and rotated files whose newest
 * possible entry is older than the retention are deleted, at start and at each rotation.
 *
 * <p>Thread-safe: each record is one synchronized write of a whole line, handed to the OS (no
 * fsync). {@link #record} never throws: an I/O error is logged once, and each later record tries
 * to reopen the file until it works again.
 */
public final class JsonLinesAuditLog implements AuditLog {

    private static final Logger log = LoggerFactory.getLogger(JsonLinesAuditLog.class);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Duration retention;
    private final Clock clock;
    private final String prefix;
    private final String suffix;
    private final Pattern rotatedName;
    private final JsonFactory json = new ObjectMapper().getFactory().setCharacterEscapes(new LineSafeEscapes());

    private OutputStream out;
    private LocalDate currentDate;
    private boolean failing;
    private boolean closed;

    /**
     * Opens (creating directories and the file as needed) and applies the retention.
     *
     * @throws IOException when the file cannot be opened at start: a gateway that cannot write its
     *     access log should not start
     */
    public JsonLinesAuditLog(Path file, Duration retention, Clock clock) throws IOException {
        this.file = requireNonNull(file, "file").toAbsolutePath();
        this.retention = requireNonNull(retention, "retention");
        this.clock = requireNonNull(clock, "clock");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention: " + retention + " (expected: > 0)");
        }
        String name = this.file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        prefix = dot > 0 ? name.substring(0, dot) : name;
        suffix = dot > 0 ? name.substring(dot) : "";
        rotatedName = Pattern.compile(Pattern.quote(prefix) + "-(\\d{4}-\\d{2}-\\d{2})" + Pattern.quote(suffix));
        synchronized (this) {
            Files.createDirectories(this.file.getParent());
            LocalDate today = today();
            if (Files.exists(this.file)) {
                LocalDate written = LocalDate.ofInstant(Files.getLastModifiedTime(this.file).toInstant(), ZoneOffset.UTC);
                if (written.isBefore(today)) {
                    rotate(written);
                }
            }
            currentDate = today;
            deleteExpired();
            open();
        }
    }

    /** The name a day's file gets when rotated. */
    Path rotatedFile(LocalDate date) {
        return file.resolveSibling(prefix + "-" + date + suffix);
    }

    @Override
    public synchronized void record(AuditEvent event) {
        if (closed) {
            log.debug("audit log closed; dropped {}", event.event());
            return;
        }
        try {
            byte[] line = toJson(event).getBytes(StandardCharsets.UTF_8);
            LocalDate today = today();
            if (!today.equals(currentDate)) {
                closeQuietly();
                rotate(currentDate);
                currentDate = today;
                deleteExpired();
            }
            if (out == null) {
                open();
            }
            out.write(line);
            out.flush();
            if (failing) {
                failing = false;
                log.info("audit log {} is writable again", file);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            if (!failing) {
                failing = true;
                log.error("cannot write audit log {}; retrying at each event", file, e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly();
        }
    }

    private void open() throws IOException {
        Files.createDirectories(file.getParent());
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** Moves the live file to the given day's name, appending to it if it already exists. */
    private void rotate(LocalDate date) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        Path target = rotatedFile(date);
        if (Files.exists(target)) {
            try (OutputStream o = Files.newOutputStream(target, StandardOpenOption.APPEND)) {
                Files.copy(file, o);
            }
            Files.delete(file);
        } else {
            Files.move(file, target);
        }
    }

    /** Deletes rotated files of days that ended more than the retention ago. */
    private void deleteExpired() {
        Path dir = file.getParent();
        Instant cutoff = clock.instant().minus(retention);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
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
                if (day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(p);
                    log.info("deleted audit log {} (retention {})", p.getFileName(), retention);
                }
            }
        } catch (IOException e) {
            log.warn("cannot apply retention to audit logs in {}", dir, e);
        }
    }

    private String toJson(AuditEvent e) throws IOException {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = json.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("time", TIME.format(e.time()));
            g.writeStringField("event", e.event());
            g.writeStringField("user", e.user());
            g.writeStringField("remote", e.remote());
            g.writeStringField("camera", e.camera());
            for (Map.Entry<String, Object> d : e.details().entrySet()) {
                g.writeFieldName(d.getKey());
                Object v = d.getValue();
                if (v instanceof TemporalAccessor || v instanceof Duration) {
                    g.writeString(v.toString());
                } else {
                    g.writeObject(v);
                }
            }
            g.writeEndObject();
        }
        return w.append('\n').toString();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                log.debug("closing audit log {}", file, e);
            }
            out = null;
        }
    }

    @Override
    public String toString() {
        return "JsonLinesAuditLog{" + file + "}";
    }
}
