package org.camgate.clip;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clips on disk under one directory: {@code {id}.mp4} (or {@code {id}.mp4.enc} when encrypted), its snapshot
 * {@code {id}.jpg[.enc]} and its sidecar {@code {id}.json}, which is written last: a clip without its sidecar is
 * unfinished. Work files live in {@code .tmp/} and are renamed into place when complete. At {@link #open()},
 * unfinished and damaged clips are removed. Thread-safe; every method does disk work (never call on an event loop).
 */
public final class ClipStore {
    private static final Logger log = LoggerFactory.getLogger(ClipStore.class);
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}");
    static final String TMP = ".tmp";

    private final Path dir;
    private final Optional<ClipCipher> cipher;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, ClipMeta> clips = new ConcurrentHashMap<>();
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    public ClipStore(Path dir, Optional<ClipCipher> cipher) {
        this.dir = dir;
        this.cipher = cipher;
    }

    /** Creates the directory, removes work files and unfinished clips, loads the finished ones; returns those removed. */
    public List<String> open() throws IOException {
        Files.createDirectories(tmp());
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> work = Files.newDirectoryStream(tmp())) {
            for (Path p : work) {
                Files.deleteIfExists(p);
                removed.add(p.getFileName().toString());
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".json") || !Files.isRegularFile(p)) {
                    continue;
                }
                String id = name.substring(0, name.length() - 5);
                try {
                    ClipMeta meta = ClipMeta.fromJson(json.readValue(p.toFile(), Map.class));
                    long expected = meta.encrypted() ? ClipCipher.sealedSize(meta.bytes()) : meta.bytes();
                    if (!meta.id().equals(id) || Files.size(media(meta)) != expected) {
                        throw new IOException("size or id does not match its sidecar");
                    }
                    clips.put(id, meta);
                } catch (IOException e) {
                    log.warn("clip {}: damaged ({}); removed", id, e.getMessage());
                    delete(id);
                    removed.add(id);
                }
            }
        }
        // Media without a sidecar: a clip whose writer was killed between the renames.
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                int dot = name.indexOf('.');
                if (dot > 0 && !name.startsWith(".") && Files.isRegularFile(p) && !clips.containsKey(name.substring(0, dot))) {
                    Files.deleteIfExists(p);
                    removed.add(name);
                }
            }
        }
        return removed;
    }

    /**
     * Loads the finished clips without changing anything (another process, e.g. {@code camgate export} beside a
     * running gateway); a clip whose sidecar does not match its file is left out.
     */
    public void load() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir + " (clips.dir)");
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : files) {
                try {
                    ClipMeta meta = ClipMeta.fromJson(json.readValue(p.toFile(), Map.class));
                    long expected = meta.encrypted() ? ClipCipher.sealedSize(meta.bytes()) : meta.bytes();
                    if (Files.size(media(meta)) == expected) {
                        clips.put(meta.id(), meta);
                    }
                } catch (IOException e) {
                    log.warn("clip {}: left out ({})", p.getFileName(), e.getMessage());
                }
            }
        }
    }

    public Path dir() {
        return dir;
    }

    /** A fresh work file in the store's directory (same file system, so it can be renamed into place). */
    Path workFile(String name) {
        return tmp().resolve(name);
    }

    private Path tmp() {
        return dir.resolve(TMP);
    }

    Path media(ClipMeta meta) {
        return dir.resolve(meta.id() + (meta.encrypted() ? ".mp4.enc" : ".mp4"));
    }

    Path snapshot(ClipMeta meta) {
        return dir.resolve(meta.id() + (meta.encrypted() ? ".jpg.enc" : ".jpg"));
    }

    /**
     * Moves a finished clip into the store (encrypting it when a key is set): media, snapshot, then the sidecar,
     * each written to a work file first and renamed. The work files given are deleted.
     */
    public ClipMeta commit(ClipMeta meta, Path mp4, byte[] jpeg) throws IOException {
        try {
            String keyId = cipher.map(ClipCipher::keyIdHex).orElse(null);
            ClipMeta stored = meta.withKey(null, keyId);
            Path mediaPart = workFile(meta.id() + ".mp4.part");
            String sha = store(mp4, Files.size(mp4), mediaPart);
            if (jpeg != null && jpeg.length > 0) {
                Path jpegPlain = workFile(meta.id() + ".jpg.plain");
                Files.write(jpegPlain, jpeg);
                try {
                    Path jpegPart = workFile(meta.id() + ".jpg.part");
                    store(jpegPlain, jpeg.length, jpegPart);
                    Files.move(jpegPart, snapshot(stored), StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(jpegPlain);
                }
            }
            Files.move(mediaPart, media(stored), StandardCopyOption.ATOMIC_MOVE);
            stored = stored.withKey(sha, keyId);
            Path jsonPart = workFile(meta.id() + ".json.part");
            try (FileChannel ch = FileChannel.open(jsonPart, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(json.writeValueAsBytes(stored.toJson())));
                ch.force(true);
            }
            Files.move(jsonPart, dir.resolve(meta.id() + ".json"), StandardCopyOption.ATOMIC_MOVE);
            clips.put(stored.id(), stored);
            verified.add(stored.id());
            return stored;
        } finally {
            Files.deleteIfExists(mp4);
        }
    }

    /**
     * Copies (or encrypts) {@code from} to {@code to}, synced; returns the hex SHA-256 of what was written when it
     * is stored in the clear, null when encrypted (every chunk carries its own tag, checked instead).
     */
    private String store(Path from, long length, Path to) throws IOException {
        MessageDigest sha = cipher.isPresent() ? null : sha256();
        try (InputStream in = Files.newInputStream(from);
             FileChannel ch = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream buffered = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch),
                    256 * 1024);
            OutputStream out = sha == null ? buffered : new java.security.DigestOutputStream(buffered, sha);
            if (cipher.isPresent()) {
                cipher.get().encrypt(in, length, out);
            } else {
                in.transferTo(out);
            }
            out.flush();
            ch.force(true);
        }
        return sha == null ? null : HexFormat.of().formatHex(sha.digest());
    }

    public Optional<ClipMeta> get(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(clips.get(id));
    }

    /** Every clip, oldest first. */
    public List<ClipMeta> list() {
        List<ClipMeta> all = new ArrayList<>(clips.values());
        all.sort(Comparator.comparing(ClipMeta::start).thenComparing(ClipMeta::id));
        return all;
    }

    /** Clips of {@code camera} (any when null) overlapping {@code [from, to]}, oldest first. */
    public List<ClipMeta> search(String camera, Instant from, Instant to) {
        return list().stream().filter(c -> camera == null || c.camera().equals(camera))
                .filter(c -> from == null || !c.end().isBefore(from))
                .filter(c -> to == null || !c.start().isAfter(to)).toList();
    }

    /** Bytes on disk of every clip. */
    public long storedBytes() {
        return clips.values().stream().mapToLong(c -> (c.encrypted() ? ClipCipher.sealedSize(c.bytes()) : c.bytes())
                + (c.snapshotBytes() > 0 ? (c.encrypted() ? ClipCipher.sealedSize(c.snapshotBytes()) : c.snapshotBytes()) : 0))
                .sum();
    }

    /** A readable view of a clip's MP4 (or JPEG), checked: a damaged clip throws {@link DamagedClipException}. */
    public ClipReader reader(ClipMeta meta, boolean snapshot) throws IOException {
        if (!snapshot && !verified.contains(meta.id())) {
            verify(meta);
        }
        Path file = snapshot ? snapshot(meta) : media(meta);
        long length = snapshot ? meta.snapshotBytes() : meta.bytes();
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new DamagedClipException("missing file " + file.getFileName());
        }
        if (meta.encrypted()) {
            ClipCipher c = cipher.orElseThrow(() -> new DamagedClipException("encrypted, and no encryptionKey is set"));
            if (c.plainLength(ch) != length) {
                ch.close();
                throw new DamagedClipException("length does not match its sidecar");
            }
        } else if (ch.size() != length) {
            ch.close();
            throw new DamagedClipException("length does not match its sidecar");
        }
        return new ClipReader(ch, length, meta.encrypted() ? cipher.get() : null);
    }

    /** A clip's SHA-256 (as its sidecar has it), or for an encrypted clip without one every chunk's tag. */
    private void verify(ClipMeta meta) throws IOException {
        if (meta.sha256() == null && meta.encrypted()) {
            ClipCipher c = cipher.orElseThrow(() -> new DamagedClipException("encrypted, and no encryptionKey is set"));
            try (FileChannel ch = FileChannel.open(media(meta), StandardOpenOption.READ)) {
                c.verify(ch);
            } catch (NoSuchFileException e) {
                throw new DamagedClipException("missing file");
            } catch (DamagedClipException e) {
                throw e;
            } catch (IOException e) {
                throw new DamagedClipException(e.getMessage());
            }
            verified.add(meta.id());
            return;
        }
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(media(meta)), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (NoSuchFileException e) {
            throw new DamagedClipException("missing file");
        }
        if (!HexFormat.of().formatHex(sha.digest()).equals(meta.sha256())) {
            throw new DamagedClipException("checksum does not match its sidecar");
        }
        verified.add(meta.id());
    }

    /** Removes a clip's files (sidecar first: a half-deleted clip is an unfinished one). */
    public boolean delete(String id) throws IOException {
        ClipMeta meta = clips.remove(id);
        verified.remove(id);
        boolean any = Files.deleteIfExists(dir.resolve(id + ".json"));
        for (String suffix : List.of(".mp4", ".mp4.enc", ".jpg", ".jpg.enc")) {
            any |= Files.deleteIfExists(dir.resolve(id + suffix));
        }
        return any || meta != null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clip that fails its checks; never served. */
    public static final class DamagedClipException extends IOException {
        DamagedClipException(String message) {
            super(message);
        }
    }
}
