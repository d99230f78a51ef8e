package org.camgate.sim.camera;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspVersions;

import java.nio.charset.StandardCharsets;

/** Builds the camera's responses: CSeq echoed, a Server header, optional body. */
final class RtspResponses {
    static final String SERVER = "camgate-sim";

    private RtspResponses() {
    }

    static FullHttpResponse of(HttpResponseStatus status, String cseq) {
        FullHttpResponse response = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status, Unpooled.EMPTY_BUFFER);
        if (cseq != null) {
            response.headers().set(RtspHeaderNames.CSEQ, cseq);
        }
        response.headers().set(RtspHeaderNames.SERVER, SERVER);
        return response;
    }

    static FullHttpResponse withBody(HttpResponseStatus status, String cseq, String contentType, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        if (cseq != null) {
            response.headers().set(RtspHeaderNames.CSEQ, cseq);
        }
        response.headers().set(RtspHeaderNames.SERVER, SERVER);
        response.headers().set(RtspHeaderNames.CONTENT_TYPE, contentType);
        return response;
    }
}
