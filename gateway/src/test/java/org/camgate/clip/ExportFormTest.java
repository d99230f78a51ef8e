package org.camgate.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The export form: masks and reason from the query and a form body; what is wrong is said. */
class ExportFormTest {
    private static FullHttpRequest post(String uri, String body, String type) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        if (type != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        return r;
    }

    private static ExportForm parse(String uri, String body, String type) {
        FullHttpRequest r = post(uri, body, type);
        try {
            return ExportForm.parse(r);
        } finally {
            r.release();
        }
    }

    @Test
    void masksAndReasonFromQueryAndBody() {
        ExportForm f = parse("/clips/x/export?mask=0,0,0.5,0,0.5,0.5", "mask=0.5%2C0.5%2C1%2C0.5%2C1%2C1&reason=DSR+42",
                "application/x-www-form-urlencoded; charset=utf-8");
        assertThat(f.reason()).isEqualTo("DSR 42");
        assertThat(f.masks()).hasSize(2);
        assertThat(f.masks().get(1).xy()).containsExactly(0.5, 0.5, 1, 0.5, 1, 1);
    }

    @Test
    void refusalsSayWhatIsWrong() {
        String form = "application/x-www-form-urlencoded";
        assertThatThrownBy(() -> parse("/clips/x/export", "", null)).hasMessageStartingWith("reason: required");
        assertThatThrownBy(() -> parse("/clips/x/export?reason=a", "reason=b", form)).hasMessageStartingWith("reason: required once");
        assertThatThrownBy(() -> parse("/clips/x/export", "reason=a&mask=0,0,1", form))
                .hasMessage("mask: a mask needs at least 3 points x,y (got 3 numbers)");
        assertThatThrownBy(() -> parse("/clips/x/export", "reason=a&blur=1", form))
                .hasMessage("unknown parameter \"blur\" (expected: mask, blurFaces, reason)");
        assertThatThrownBy(() -> parse("/clips/x/export", "{\"reason\":\"a\"}", "application/json"))
                .hasMessageContaining("application/x-www-form-urlencoded");
        assertThatThrownBy(() -> parse("/clips/x/export", "reason=" + "x".repeat(501), form))
                .hasMessage("reason: 501 characters (expected: at most 500)");
    }
}
