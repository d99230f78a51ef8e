package org.camgate.clip;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.List;
import org.bytedeco.javacv.Frame;

/**
 * Paints an export's masks (black) and its label (white on black, top-left) straight into a decoded YUV 4:2:0
 * picture (one contiguous buffer: Y, then U, then V), so a 1080p export does not convert every picture to RGB and
 * back. The masks are rasterised once per picture size.
 */
final class YuvPainter {
    private final int width;
    private final int height;
    private final int stride;
    private final int[] lumaIndex;
    private final int[] chromaIndex;
    private String label;
    private byte[] labelLuma;
    private int labelWidth;
    private int labelHeight;

    private YuvPainter(int width, int height, int stride, int[] lumaIndex, int[] chromaIndex) {
        this.width = width;
        this.height = height;
        this.stride = stride;
        this.lumaIndex = lumaIndex;
        this.chromaIndex = chromaIndex;
    }

    /** A painter for this picture's layout, or null when it is not one contiguous YUV 4:2:0 buffer. */
    static YuvPainter of(Frame frame, List<ClipExporter.Mask> masks) {
        if (frame.image == null || frame.image.length != 1 || !(frame.image[0] instanceof ByteBuffer buf)
                || frame.imageWidth % 2 != 0 || frame.imageHeight % 2 != 0 || frame.imageStride < frame.imageWidth) {
            return null;
        }
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        int stride = frame.imageStride;
        if (buf.capacity() < stride * h + 2 * (stride / 2) * (h / 2)) {
            return null;
        }
        BufferedImage raster = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = raster.createGraphics();
        g.setColor(Color.WHITE);
        for (ClipExporter.Mask m : masks) {
            Path2D.Double p = new Path2D.Double();
            p.moveTo(m.xy()[0] * w, m.xy()[1] * h);
            for (int i = 2; i < m.xy().length; i += 2) {
                p.lineTo(m.xy()[i] * w, m.xy()[i + 1] * h);
            }
            p.closePath();
            g.fill(p);
            g.setStroke(new java.awt.BasicStroke(2f));
            g.draw(p);
        }
        g.dispose();
        byte[] covered = ((java.awt.image.DataBufferByte) raster.getRaster().getDataBuffer()).getData();
        int[] luma = new int[w * h];
        int nl = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (covered[y * w + x] != 0) {
                    luma[nl++] = y * stride + x;
                }
            }
        }
        int cw = stride / 2;
        int[] chroma = new int[(w / 2) * (h / 2)];
        int nc = 0;
        for (int y = 0; y < h / 2; y++) {
            for (int x = 0; x < w / 2; x++) {
                if (covered[2 * y * w + 2 * x] != 0 || covered[(2 * y + 1) * w + 2 * x + 1] != 0) {
                    chroma[nc++] = y * cw + x;
                }
            }
        }
        return new YuvPainter(w, h, stride, java.util.Arrays.copyOf(luma, nl), java.util.Arrays.copyOf(chroma, nc));
    }

    boolean fits(Frame frame) {
        return frame.imageWidth == width && frame.imageHeight == height && frame.imageStride == stride;
    }

    void paint(Frame frame, String text) {
        // JavaCV sets the limit at the end of the Y plane; U and V follow it in the same allocation.
        ByteBuffer buf = ((ByteBuffer) frame.image[0]).duplicate();
        buf.limit(buf.capacity());
        int ySize = stride * height;
        int cSize = (stride / 2) * (height / 2);
        for (int i : lumaIndex) {
            buf.put(i, (byte) 16);
        }
        for (int i : chromaIndex) {
            buf.put(ySize + i, (byte) 128);
            buf.put(ySize + cSize + i, (byte) 128);
        }
        if (!text.equals(label)) {
            render(text);
        }
        int lw = Math.min(labelWidth, width) & ~1;
        int lh = Math.min(labelHeight, height) & ~1;
        for (int y = 0; y < lh; y++) {
            for (int x = 0; x < lw; x++) {
                buf.put(y * stride + x, labelLuma[y * labelWidth + x]);
            }
        }
        for (int y = 0; y < lh / 2; y++) {
            for (int x = 0; x < lw / 2; x++) {
                buf.put(ySize + y * (stride / 2) + x, (byte) 128);
                buf.put(ySize + cSize + y * (stride / 2) + x, (byte) 128);
            }
        }
    }

    private void render(String text) {
        int size = Math.max(10, height / 30);
        Font font = new Font(Font.MONOSPACED, Font.BOLD, size);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D pg = probe.createGraphics();
        pg.setFont(font);
        int tw = pg.getFontMetrics().stringWidth(text);
        pg.dispose();
        labelWidth = tw + size;
        labelHeight = size + size / 2;
        BufferedImage image = new BufferedImage(labelWidth, labelHeight, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(16, 16, 16));
        g.fillRect(0, 0, labelWidth, labelHeight);
        g.setColor(new Color(235, 235, 235));
        g.setFont(font);
        g.drawString(text, size / 2, size);
        g.dispose();
        labelLuma = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        label = text;
    }
}
