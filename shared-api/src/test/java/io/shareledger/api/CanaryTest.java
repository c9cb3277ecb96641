package io.shareledger.api;

import io.shareledger.testsupport.Canary;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The canary scan of the test support finds a value in every form it claims to, wherever it sits. */
class CanaryTest {

    private final Canary canary = Canary.of("Zoë O'Brien/" + "canary-7f3a");

    @Test
    void findsTheValueInEveryFormAtEveryPosition() {
        for (String before : new String[] {"", "x", "xy", "{\"displayName\":\""}) {
            String plain = before + canary.value() + "\"}";
            assertThat(canary.foundIn(plain)).contains("raw/lower/upper");
            assertThat(canary.foundIn(plain.toUpperCase())).contains("raw/lower/upper");
            assertThat(canary.foundIn(bytes(before + "\"Zo\\u00eb O'Brien\\/canary-7f3a\""))).contains("json-escaped");
            assertThat(canary.foundIn(URLEncoder.encode(plain, StandardCharsets.UTF_8))).contains("url-encoded");
            assertThat(canary.foundIn(HexFormat.of().formatHex(bytes(plain)))).contains("hex");
            assertThat(canary.foundIn(HexFormat.of().withUpperCase().formatHex(bytes(plain)))).contains("hex");
            assertThat(canary.foundIn(Base64.getEncoder().encodeToString(bytes(plain))))
                    .anyMatch(form -> form.startsWith("base64@"));
            assertThat(canary.foundIn(Base64.getUrlEncoder().encodeToString(bytes(plain))))
                    .anyMatch(form -> form.startsWith("base64url@"));
        }
    }

    @Test
    void findsNothingWhereTheValueIsNot() {
        assertThat(canary.foundIn("{\"displayName\":\"enc:v1:q83vEjRWeJAbzd7/\"}")).isEmpty();
        assertThat(canary.foundIn(Canary.random("other").value())).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
