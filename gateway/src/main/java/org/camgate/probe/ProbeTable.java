package org.camgate.probe;

import java.util.ArrayList;
import java.util.List;

/** The probe's results as a plain-text table with aligned columns: camera, reachable, codec, resolution, error. */
public final class ProbeTable {
    private static final List<String> HEADER = List.of("CAMERA", "REACHABLE", "CODEC", "RESOLUTION", "ERROR");

    private ProbeTable() {
    }

    public static List<String> lines(List<ProbeResult> results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ProbeResult r : results) {
            rows.add(List.of(r.camera(), r.reachable() ? "yes" : "no", dash(r.codec()), dash(r.resolution()),
                    dash(r.error())));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> out = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(row.get(i));
                if (i < widths.length - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
                }
            }
            out.add(line.toString().stripTrailing());
        }
        return out;
    }

    private static String dash(String s) {
        return s.isEmpty() ? "-" : s;
    }
}
