package org.camgate.protocol.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Encodes RTSP requests and responses (with their body, if any). Plain {@link ByteBuf}s pass
 * through untouched, which is how media is written: pre-framed interleaved packets.
 */
@ChannelHandler.Sharable
public final class RtspMessageEncoder extends MessageToByteEncoder<HttpMessage> {

    @Override
    protected void encode(ChannelHandlerContext ctx, HttpMessage msg, ByteBuf out) {
        StringBuilder head = new StringBuilder(256);
        if (msg instanceof HttpRequest request) {
            head.append(request.method().name()).append(' ').append(request.uri()).append(" RTSP/1.0\r\n");
        } else {
            HttpResponse response = (HttpResponse) msg;
            head.append("RTSP/1.0 ").append(response.status().code()).append(' ')
                    .append(response.status().reasonPhrase()).append("\r\n");
        }
        ByteBuf body = msg instanceof ByteBufHolder holder ? holder.content() : null;
        int bodyLength = body == null ? 0 : body.readableBytes();
        for (Map.Entry<String, String> header : msg.headers()) {
            if (!header.getKey().equalsIgnoreCase("Content-Length")) {
                head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
        }
        if (bodyLength > 0) {
            head.append("Content-Length: ").append(bodyLength).append("\r\n");
        }
        head.append("\r\n");
        out.writeCharSequence(head, StandardCharsets.ISO_8859_1);
        if (bodyLength > 0) {
            out.writeBytes(body, body.readerIndex(), bodyLength);
        }
    }
}
