package io.shareledger.infra;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevIssuerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;

    private DevIssuer start() throws Exception {
        return DevIssuer.start(DevIssuer.Config.defaults().withPort(0).withDataDir(dataDir));
    }

    @Test
    void issuesATokenThatVerifiesAgainstItsJwksWithTheClaimsAskedFor() throws Exception {
        try (DevIssuer issuer = start()) {
            HttpResponse<String> response = postForm(issuer, "sub=alice&roles=member,privacy-officer");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            Map<String, Object> body = JSONObjectUtils.parse(response.body());
            assertThat(body).containsEntry("token_type", "Bearer").containsEntry("expires_in", 3600L);

            SignedJWT jwt = SignedJWT.parse((String) body.get("access_token"));
            assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
            assertThat(jwt.verify(new RSASSAVerifier(publishedKey(issuer, jwt)))).isTrue();

            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            assertThat(claims.getIssuer()).isEqualTo(issuer.issuer()).isEqualTo("http://127.0.0.1:" + issuer.port());
            assertThat(claims.getAudience()).containsExactly("shareledger");
            assertThat(claims.getSubject()).isEqualTo("alice");
            assertThat(claims.getStringListClaim("roles")).containsExactly("member", "privacy-officer");
            assertThat(claims.getJWTID()).isNotBlank();
            assertThat(claims.getIssueTime()).isNotNull();
            assertThat(claims.getExpirationTime().toInstant())
                    .isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
        }
    }

    @Test
    void servesADiscoveryDocument() throws Exception {
        try (DevIssuer issuer = start()) {
            HttpResponse<String> response = get(issuer, "/.well-known/openid-configuration");
            assertThat(response.statusCode()).isEqualTo(200);
            Map<String, Object> doc = JSONObjectUtils.parse(response.body());
            String base = "http://127.0.0.1:" + issuer.port();
            assertThat(doc).containsEntry("issuer", base)
                    .containsEntry("jwks_uri", base + "/jwks")
                    .containsEntry("token_endpoint", base + "/token");
            assertThat(JSONObjectUtils.getStringList(doc, "id_token_signing_alg_values_supported")).containsExactly("RS256");
        }
    }

    @Test
    void refusesToBindToANonLoopbackAddress() {
        assertThatThrownBy(() -> DevIssuer.start(DevIssuer.Config.defaults().withHost("0.0.0.0").withPort(0).withDataDir(dataDir)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--allow-non-loopback")
                .hasMessageContaining("ANY subject");
    }

    @Test
    void answersBadRequestsWithJsonErrors() throws Exception {
        try (DevIssuer issuer = start()) {
            HttpResponse<String> noSubject = postForm(issuer, "roles=member");
            assertThat(noSubject.statusCode()).isEqualTo(400);
            assertThat(JSONObjectUtils.parse(noSubject.body())).containsEntry("error", "invalid_request");

            assertThat(postForm(issuer, "sub=&roles=member").statusCode()).isEqualTo(400);
            assertThat(postForm(issuer, "sub=alice&roles=Member").statusCode()).isEqualTo(400);
            assertThat(postForm(issuer, "sub=alice&roles=member,,x").statusCode()).isEqualTo(400);
            assertThat(postForm(issuer, "sub=alice&roles=a%20b").statusCode()).isEqualTo(400);
            assertThat(postForm(issuer, "sub=a&sub=b").statusCode()).isEqualTo(400);

            HttpResponse<String> wrongMethod = get(issuer, "/token");
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
            assertThat(JSONObjectUtils.parse(wrongMethod.body())).containsEntry("error", "method_not_allowed");

            HttpResponse<String> postJwks = HTTP.send(HttpRequest.newBuilder(URI.create(issuer.baseUrl() + "/jwks"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(postJwks.statusCode()).isEqualTo(405);
            assertThat(get(issuer, "/nope").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aTokenIssuedBeforeARestartStillVerifiesAfterIt() throws Exception {
        String token;
        try (DevIssuer issuer = start()) {
            token = (String) JSONObjectUtils.parse(postForm(issuer, "sub=bob&roles=member").body()).get("access_token");
        }
        try (DevIssuer restarted = start()) {
            SignedJWT jwt = SignedJWT.parse(token);
            assertThat(jwt.verify(new RSASSAVerifier(publishedKey(restarted, jwt)))).isTrue();
        }
    }

    private static RSAKey publishedKey(DevIssuer issuer, SignedJWT jwt) throws Exception {
        HttpResponse<String> jwks = get(issuer, "/jwks");
        assertThat(jwks.statusCode()).isEqualTo(200);
        JWKSet set = JWKSet.parse(jwks.body());
        assertThat(set.getKeys()).allSatisfy(key -> assertThat(key.isPrivate()).isFalse());
        return set.getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey();
    }

    private static HttpResponse<String> get(DevIssuer issuer, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(issuer.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postForm(DevIssuer issuer, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(issuer.baseUrl() + "/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
