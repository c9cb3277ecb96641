package io.shareledger.query.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shareledger.api.MemberId;
import io.shareledger.api.privacy.Aes256Gcm;
import io.shareledger.api.privacy.DataKeys;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Optional;

/**
 * Data keys fetched from the command service's internal endpoint with the key-service token, and
 * cached (bounded, with a time-to-live). The query service never creates a key: it encrypts
 * only what it has read, for its dead letters, so the key exists or was destroyed.
 *
 * <ul>
 *   <li>410 Gone: the subject was forgotten; answered empty and cached as such.</li>
 *   <li>Anything else that is not a key (404, 401, 5xx, timeout) is thrown, so that the event is
 *       retried and never read as erased by mistake.</li>
 * </ul>
 * A key is never logged; errors name the status only.
 */
public class HttpDataKeys implements DataKeys {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final String token;
    private final KeyServiceProperties properties;
    private final Cache<MemberId, Optional<SecretKey>> cache;

    public HttpDataKeys(KeyServiceProperties properties) {
        if (properties.url() == null) {
            throw new IllegalStateException("shareledger.crypto.key-service.url (the command service) is not set");
        }
        if (properties.token() == null || properties.token().isBlank()) {
            throw new IllegalStateException("shareledger.crypto.key-service.token is not set: the query service cannot "
                    + "read personal fields without it (see docs/operations.md)");
        }
        this.properties = properties;
        this.base = properties.url();
        this.token = properties.token();
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
        this.cache = Caffeine.newBuilder()
                .maximumSize(properties.cache().maximumSize())
                .expireAfterWrite(properties.cache().ttl())
                .build();
    }

    @Override
    public Optional<SecretKey> forEncryption(MemberId subject) {
        return forDecryption(subject);
    }

    @Override
    public Optional<SecretKey> forDecryption(MemberId subject) {
        return cache.get(subject, this::fetch);
    }

    /** The subject was forgotten: its key is gone for good, so none is fetched again. */
    public void forgotten(MemberId subject) {
        cache.put(subject, Optional.empty());
    }

    private Optional<SecretKey> fetch(MemberId subject) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/internal/v1/data-keys/" + subject))
                .timeout(properties.timeout())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("The key service did not answer (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while fetching a data key", e);
        }
        return switch (response.statusCode()) {
            case 200 -> Optional.of(decode(response.body()));
            case 410 -> Optional.empty();
            default -> throw new IllegalStateException("The key service answered " + response.statusCode());
        };
    }

    private static SecretKey decode(byte[] body) {
        try {
            JsonNode json = JSON.readTree(body);
            return Aes256Gcm.key(Base64.getDecoder().decode(json.path("key").asText()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("The key service answered something that is not a data key");
        }
    }
}
