package io.shareledger.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A token issuer for tests: a fresh RSA key pair whose public half is served as a JWKS over real
 * HTTP on loopback, exactly as the services fetch keys from a production identity provider.
 * Mints good tokens and the bad ones the services must refuse.
 */
public final class TestIssuer {

    public static final String ISSUER = "http://shareledger-test-issuer";
    public static final String AUDIENCE = "shareledger";

    private static TestIssuer instance;

    private final RSAKey key;
    private final RSAKey strangerKey;
    private final HttpServer server;

    private TestIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-key").keyUse(KeyUse.SIGNATURE).generate();
            strangerKey = new RSAKeyGenerator(2048).keyID("test-key").keyUse(KeyUse.SIGNATURE).generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        server.start();
    }

    public static synchronized TestIssuer get() {
        if (instance == null) {
            instance = new TestIssuer();
        }
        return instance;
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    public String token(String subject, String... roles) {
        return sign(key, JWSAlgorithm.RS256, claims(subject, AUDIENCE, ISSUER, Instant.now().plus(Duration.ofMinutes(10)), roles));
    }

    public String memberToken(String subject) {
        return token(subject, "member");
    }

    public String tokenForAudience(String subject, String audience) {
        return sign(key, JWSAlgorithm.RS256, claims(subject, audience, ISSUER, Instant.now().plus(Duration.ofMinutes(10)), "member"));
    }

    public String tokenFromIssuer(String subject, String issuer) {
        return sign(key, JWSAlgorithm.RS256, claims(subject, AUDIENCE, issuer, Instant.now().plus(Duration.ofMinutes(10)), "member"));
    }

    public String expiredToken(String subject) {
        return sign(key, JWSAlgorithm.RS256, claims(subject, AUDIENCE, ISSUER, Instant.now().minus(Duration.ofMinutes(10)), "member"));
    }

    public String tokenWithoutExpiry(String subject) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder(claims(subject, AUDIENCE, ISSUER, Instant.now(), "member"))
                .expirationTime(null).build();
        return sign(key, JWSAlgorithm.RS256, claims);
    }

    public String tokenWithoutSubject() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder(
                claims("ignored", AUDIENCE, ISSUER, Instant.now().plus(Duration.ofMinutes(10)), "member"))
                .subject(null).build();
        return sign(key, JWSAlgorithm.RS256, claims);
    }

    /** Same key id and algorithm, but signed by a key the issuer never published. */
    public String tokenWithWrongSignature(String subject) {
        return sign(strangerKey, JWSAlgorithm.RS256, claims(subject, AUDIENCE, ISSUER, Instant.now().plus(Duration.ofMinutes(10)), "member"));
    }

    public String unsignedToken(String subject) {
        return new PlainJWT(claims(subject, AUDIENCE, ISSUER, Instant.now().plus(Duration.ofMinutes(10)), "member")).serialize();
    }

    /** HS256 keyed with the published RSA modulus: the classic algorithm-confusion attack. */
    public String hmacToken(String subject) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
                    claims(subject, AUDIENCE, ISSUER, Instant.now().plus(Duration.ofMinutes(10)), "member"));
            byte[] secret = key.getModulus().decode();
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid token whose signature segment was replaced, keeping header and claims. */
    public String tamperedToken(String subject) {
        String[] parts = memberToken(subject).split("\\.");
        return parts[0] + "." + parts[1] + "." + Base64URL.encode(new byte[256]);
    }

    private static JWTClaimsSet claims(String subject, String audience, String issuer, Instant expiry, String... roles) {
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(issuer)
                .audience(audience)
                .issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(20))))
                .expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", List.of(roles))
                .build();
    }

    private static String sign(RSAKey signingKey, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(signingKey.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
