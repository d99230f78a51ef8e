package org.camgate.clip;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A finished clip as its sidecar ({@code {id}.json}) records it.
 *
 * @param bytes         the MP4's size (what a player sees)
 * @param snapshotBytes the JPEG's size (0: none)
 * @param sha256        hex SHA-256 of the stored MP4 file, checked before it is first served; null for a clip
 *                      encrypted in the second format (each chunk's tag is checked instead)
 * @param keyId         hex fingerprint of the key it is encrypted with, or null when stored in the clear
 */
public record ClipMeta(String id, String camera, Instant start, Instant end, long bytes, long snapshotBytes,
                       String codec, int width, int height, List<String> triggers, String sha256, String keyId) {
    public ClipMeta {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        triggers = triggers == null ? List.of() : List.copyOf(triggers);
    }

    public boolean encrypted() {
        return keyId != null;
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    /** The sidecar's (and the search answer's) fields. */
    public java.util.Map<String, Object> toJson() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", id);
        m.put("camera", camera);
        m.put("start", start.toString());
        m.put("end", end.toString());
        m.put("bytes", bytes);
        m.put("snapshotBytes", snapshotBytes);
        m.put("codec", codec);
        m.put("width", width);
        m.put("height", height);
        m.put("triggers", triggers);
        m.put("sha256", sha256);
        m.put("keyId", keyId);
        return m;
    }

    @SuppressWarnings("unchecked")
    static ClipMeta fromJson(java.util.Map<String, Object> m) throws java.io.IOException {
        try {
            return new ClipMeta((String) m.get("id"), (String) m.get("camera"), Instant.parse((String) m.get("start")),
                    Instant.parse((String) m.get("end")), ((Number) m.get("bytes")).longValue(),
                    ((Number) m.get("snapshotBytes")).longValue(), (String) m.get("codec"),
                    ((Number) m.get("width")).intValue(), ((Number) m.get("height")).intValue(),
                    (List<String>) m.get("triggers"), (String) m.get("sha256"), (String) m.get("keyId"));
        } catch (RuntimeException e) {
            throw new java.io.IOException("invalid sidecar: " + e);
        }
    }

    ClipMeta withKey(String sha, String key) {
        return new ClipMeta(id, camera, start, end, bytes, snapshotBytes, codec, width, height, triggers, sha, key);
    }
}
