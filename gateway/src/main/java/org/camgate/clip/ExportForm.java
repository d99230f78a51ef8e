package org.camgate.clip;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an HTTP export asks for: {@code mask} (repeatable, {@code x1,y1,x2,y2,...} in 0..1 of the picture),
 * {@code blurFaces} ({@code true} or {@code false}, default false) and {@code reason} (required, kept in the audit
 * log), from the query string and an {@code application/x-www-form-urlencoded} body together.
 */
record ExportForm(List<ClipExporter.Mask> masks, boolean blurFaces, String reason) {
    static final int MAX_REASON = 500;

    /** The form, or an {@link IllegalArgumentException} whose message tells the client what is wrong. */
    static ExportForm parse(FullHttpRequest request) {
        List<String> masks = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<String> faces = new ArrayList<>();
        collect(new QueryStringDecoder(request.uri()).parameters(), masks, reasons, faces);
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (request.content().isReadable()) {
            if (!type.startsWith("application/x-www-form-urlencoded")) {
                throw new IllegalArgumentException("the body must be application/x-www-form-urlencoded (mask=...&reason=...)");
            }
            String body = request.content().toString(StandardCharsets.UTF_8);
            collect(new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters(), masks, reasons, faces);
        }
        if (reasons.size() != 1 || reasons.get(0).isBlank()) {
            throw new IllegalArgumentException("reason: required once (why the clip is exported; kept in the audit log)");
        }
        String reason = reasons.get(0).strip();
        if (reason.length() > MAX_REASON) {
            throw new IllegalArgumentException("reason: " + reason.length() + " characters (expected: at most " + MAX_REASON + ")");
        }
        List<ClipExporter.Mask> parsed = new ArrayList<>();
        for (String m : masks) {
            try {
                parsed.add(ClipExporter.Mask.parse(m));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mask: " + e.getMessage());
            }
        }
        if (faces.size() > 1 || !faces.stream().allMatch(v -> v.equals("true") || v.equals("false"))) {
            throw new IllegalArgumentException("blurFaces: at most once, true or false");
        }
        return new ExportForm(List.copyOf(parsed), faces.contains("true"), reason);
    }

    private static void collect(Map<String, List<String>> parameters, List<String> masks, List<String> reasons,
                                List<String> faces) {
        for (Map.Entry<String, List<String>> e : parameters.entrySet()) {
            switch (e.getKey()) {
                case "mask" -> masks.addAll(e.getValue());
                case "reason" -> reasons.addAll(e.getValue());
                case "blurFaces" -> faces.addAll(e.getValue());
                default -> throw new IllegalArgumentException("unknown parameter \"" + e.getKey()
                        + "\" (expected: mask, blurFaces, reason)");
            }
        }
    }
}
