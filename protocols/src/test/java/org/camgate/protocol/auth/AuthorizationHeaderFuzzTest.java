package org.camgate.protocol.auth;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.camgate.testing.FuzzDeadline;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the {@code Authorization} parser ({@link AuthorizationHeader#parse}), the
 * {@code WWW-Authenticate} parser ({@link DigestChallenge#parse}) and their shared tokenizer
 * {@link AuthParams} with arbitrary header values (ISO-8859-1, as the RTSP decoder hands them over).
 * The contract: nothing throws, hostile values (too long, too many or duplicate parameters, control
 * characters) are refused, and accepted values hold no control characters. {@link AuthParams#parse}
 * swallows any exception as a last defence; the tokenizer is also run without that net, so a bug it
 * would hide still shows up here. Whatever challenge a camera sends, the {@link DigestClient}'s answer
 * parses back as a valid {@code Authorization} value.
 *
 * <p>Plain test runs replay {@code AuthorizationHeaderFuzzTestInputs/parse/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class AuthorizationHeaderFuzzTest {
    private static final Constructor<AuthParams> TOKENIZER;
    private static final Method ITEMS;

    static {
        try {
            TOKENIZER = AuthParams.class.getDeclaredConstructor(String.class);
            TOKENIZER.setAccessible(true);
            ITEMS = AuthParams.class.getDeclaredMethod("items");
            ITEMS.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void parse(byte[] input) throws Exception {
        FuzzDeadline.run(() -> check(input));
    }

    private static void check(byte[] input) throws Exception {
        String value = new String(input, StandardCharsets.ISO_8859_1);
        List<AuthParams.Item> items = AuthParams.parse(value);
        if (value.length() <= AuthParams.MAX_LENGTH) {
            assertThat(tokenizeWithoutNet(value)).as("the defensive catch in AuthParams.parse hid nothing").isEqualTo(items);
        } else {
            assertThat(items).isNull();
        }
        if (items != null) {
            for (AuthParams.Item item : items) {
                assertThat(item.scheme()).isNotEmpty();
                assertThat(item.params().size()).isLessThanOrEqualTo(AuthParams.MAX_PARAMS);
                item.params().forEach((k, v) -> {
                    assertThat(k).isEqualTo(k.toLowerCase(java.util.Locale.ROOT));
                    assertNoControlCharacters(v);
                });
            }
        }

        Optional<AuthorizationHeader> header = AuthorizationHeader.parse(value);
        header.ifPresent(h -> {
            assertThat(h.isDigest() || h.isBasic()).isTrue();
            if (h.isBasic()) {
                assertThat(h.username()).isNotNull();
                assertNoControlCharacters(h.username());
                assertNoControlCharacters(h.basicPassword());
            }
            assertThat(h.toString()).isNotNull();
            h.userhash();
        });

        for (AuthChallenge challenge : DigestChallenge.parse(List.of(value, value))) {
            assertThat(challenge).isNotNull();
        }

        // A camera's challenge: what the gateway answers must be a well-formed Authorization value itself.
        DigestClient client = new DigestClient("nvr", "se\"cr,et", () -> "0a4f113b");
        if (client.onUnauthorized(List.of(value))) {
            String authorization = client.authorization("DESCRIBE", "rtsp://192.0.2.10/stream1");
            if (authorization.length() <= AuthParams.MAX_LENGTH) {
                AuthorizationHeader answer = AuthorizationHeader.parse(authorization).orElseThrow(
                        () -> new AssertionError("unparseable answer to " + value + ": " + authorization));
                assertThat(answer.username()).isEqualTo("nvr");
                if (answer.isDigest()) {
                    assertThat(answer.uri()).isEqualTo("rtsp://192.0.2.10/stream1");
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<AuthParams.Item> tokenizeWithoutNet(String value) throws Exception {
        try {
            return (List<AuthParams.Item>) ITEMS.invoke(TOKENIZER.newInstance(value));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void assertNoControlCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            assertThat(c < 0x20 && c != '\t' || c == 0x7f).as("control character 0x%02x in %s", (int) c, s).isFalse();
        }
    }
}
