package org.camgate.clip;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_close;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * Puts a camera's own H.264/H.265 access units (Annex B, timestamps at 90 kHz) into an MP4 file with FFmpeg's
 * muxer: no decoding, no re-encoding. FFmpeg's MP4 muxer turns Annex-B parameter sets and access units into the
 * length-prefixed form MP4 wants. Owns native memory: {@link #close()} it. Not thread-safe.
 */
final class Mp4Remuxer implements AutoCloseable {
    private static final AVRational INPUT_TIME_BASE = av_make_q(1, 90_000);

    private final AVFormatContext context;
    private final AVStream stream;
    private final AVPacket packet = av_packet_alloc();
    private boolean closed;
    private long lastDts = Long.MIN_VALUE;

    /** @param parameterSets the codec's parameter sets in Annex B (SPS and PPS; VPS too for H.265) */
    Mp4Remuxer(Path file, boolean h265, int width, int height, byte[] parameterSets) throws IOException {
        context = new AVFormatContext(null);
        check(avformat_alloc_output_context2(context, null, "mp4", file.toString()), "cannot create an MP4 muxer");
        stream = avformat_new_stream(context, null);
        if (stream == null) {
            avformat_free_context(context);
            throw new IOException("cannot add a stream to the MP4");
        }
        AVCodecParameters par = stream.codecpar();
        par.codec_type(AVMEDIA_TYPE_VIDEO);
        par.codec_id(h265 ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264);
        par.width(width);
        par.height(height);
        if (h265) {
            par.codec_tag(('h') | ('v' << 8) | ('c' << 16) | ('1' << 24));
        }
        BytePointer extradata = new BytePointer(av_malloc(parameterSets.length + AV_INPUT_BUFFER_PADDING_SIZE))
                .capacity(parameterSets.length + AV_INPUT_BUFFER_PADDING_SIZE);
        extradata.position(0).put(parameterSets, 0, parameterSets.length);
        extradata.position(parameterSets.length).limit(parameterSets.length + AV_INPUT_BUFFER_PADDING_SIZE).fill(0);
        par.extradata(extradata.position(0));
        par.extradata_size(parameterSets.length);
        stream.time_base(INPUT_TIME_BASE);
        AVIOContext io = new AVIOContext(null);
        try {
            check(avio_open(io, file.toString(), AVIO_FLAG_WRITE), "cannot open " + file.getFileName());
            context.pb(io);
            check(avformat_write_header(context, (AVDictionary) null), "cannot write the MP4 header");
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Adds one access unit; {@code pts90k} must grow (an equal or earlier one is skipped). */
    void write(byte[] accessUnit, long pts90k, boolean keyframe) throws IOException {
        if (accessUnit.length == 0 || pts90k <= lastDts) {
            return;
        }
        lastDts = pts90k;
        check(av_new_packet(packet, accessUnit.length), "out of memory");
        try {
            packet.data().position(0).put(accessUnit, 0, accessUnit.length);
            packet.pts(pts90k);
            packet.dts(pts90k);
            packet.stream_index(stream.index());
            if (keyframe) {
                packet.flags(packet.flags() | AV_PKT_FLAG_KEY);
            }
            av_packet_rescale_ts(packet, INPUT_TIME_BASE, stream.time_base());
            check(av_interleaved_write_frame(context, packet), "cannot write to the MP4");
        } finally {
            av_packet_unref(packet);
        }
    }

    /** Writes the index (moov) and closes the file. */
    void finish() throws IOException {
        try {
            check(av_write_trailer(context), "cannot finish the MP4");
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (context.pb() != null) {
            avio_close(context.pb());
        }
        avformat_free_context(context);
        av_packet_free(packet);
    }

    private static void check(int status, String what) throws IOException {
        if (status < 0) {
            byte[] buf = new byte[256];
            av_strerror(status, buf, buf.length);
            String text = new String(buf, java.nio.charset.StandardCharsets.US_ASCII).trim().replace("\0", "");
            throw new IOException(what + ": " + text);
        }
    }
}
