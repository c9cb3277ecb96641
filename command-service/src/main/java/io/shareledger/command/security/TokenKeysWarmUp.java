package io.shareledger.command.security;

import io.shareledger.command.web.WarmUp;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Before the service reports ready, makes the token verifier fetch the issuer's key set (and load its
 * code) by verifying a well-formed token signed with a key id the issuer does not have: it is refused,
 * as any such token is, and the key set stays cached for the first real one. On a fresh stack the
 * first request otherwise spent about 0.35 s there.
 */
@Component
class TokenKeysWarmUp implements ApplicationRunner {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final JwtDecoder decoder;

    TokenKeysWarmUp(JwtDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void run(ApplicationArguments args) {
        WarmUp.run("Fetching the token issuer's keys", TIMEOUT, () -> {
            try {
                decoder.decode(unknownKeyToken());
            } catch (JwtException refused) {
                // refused, as expected: only the fetch of the key set was wanted
            }
        });
    }

    static String unknownKeyToken() {
        return part("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"shareledger-warm-up\"}") + "."
                + part("{\"sub\":\"warm-up\"}") + "." + part("no signature");
    }

    private static String part(String text) {
        return BASE64URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
