package io.shareledger.query.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Data keys fetched from the command service's internal endpoints with the key-service token, one
 * subject at a time or, {@linkplain #pin pinned} for a batch of events, many per request, and
 * cached (bounded, with a time-to-live). The query service never creates a key: it encrypts
 * only what it has read, for its dead letters, so the key exists or was destroyed.
 *
 * <ul>
 *   <li>410 Gone: the subject was forgotten; answered empty and cached as such.</li>
 *   <li>Anything else that is not a key (404, 401, 5xx, timeout) is thrown, so that the event is
 *       retried and never read as erased by mistake.</li>
 * </ul>
 * A key is never logged; errors name the status only.
 * <p>
 * Every request to the key service is timed in {@code shareledger.key.client.requests}, tagged with
 * the operation ({@code one}, {@code many}) and the outcome ({@code key}, {@code destroyed},
 * {@code error}: any answer that is not a key, or none): never with a subject.
 */
public class HttpDataKeys implements DataKeys {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The command service takes at most this many subjects per request. */
    private static final int MAX_SUBJECTS_PER_REQUEST = 250;

    private final HttpClient http;
    private final URI base;
    private final String token;
    private final KeyServiceProperties properties;
    private final Cache<MemberId, Optional<SecretKey>> cache;
    private final ThreadLocal<Map<MemberId, Optional<SecretKey>>> pinned = new ThreadLocal<>();
    private final MeterRegistry meters;

    public HttpDataKeys(KeyServiceProperties properties, MeterRegistry meters) {
        if (properties.url() == null) {
            throw new IllegalStateException("shareledger.crypto.key-service.url (the command service) is not set");
        }
        if (properties.token() == null || properties.token().isBlank()) {
            throw new IllegalStateException("shareledger.crypto.key-service.token is not set: the query service cannot "
                    + "read personal fields without it (see docs/operations.md)");
        }
        this.properties = properties;
        this.meters = meters;
        // present from the start, so that rates and alerts see them before the first failure
        for (String outcome : new String[] {"key", "destroyed", "error"}) {
            timer("one", outcome);
        }
        timer("many", "key");
        timer("many", "error");
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
        Map<MemberId, Optional<SecretKey>> batch = pinned.get();
        Optional<SecretKey> key = batch == null ? null : batch.get(subject);
        return key != null ? key : cache.get(subject, this::fetch);
    }

    /**
     * Gets the keys of all the subjects, fetching those not cached in as few requests as possible,
     * and keeps them at hand for this thread until the answer is closed: reading a batch of events
     * then fetches no key one by one, even where the cache is too small for the batch. Subjects the
     * key service does not know are left out (reading their fields then fails, as without this).
     */
    public Pinned pin(Collection<MemberId> subjects) {
        Map<MemberId, Optional<SecretKey>> outer = pinned.get();
        Map<MemberId, Optional<SecretKey>> keys = new HashMap<>(cache.getAll(subjects, this::fetchAll));
        if (outer != null) {
            outer.forEach(keys::putIfAbsent);
        }
        pinned.set(keys);
        return () -> {
            if (outer == null) {
                pinned.remove();
            } else {
                pinned.set(outer);
            }
        };
    }

    /** Keys kept at hand for one thread; closing gives them up. */
    public interface Pinned extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * One batch request, as the processors send, for a subject that has no key: prepares the HTTP
     * connection and both services' code for it before the first event needs a key. Caches nothing.
     */
    public void warmUp() {
        fetchMany(List.of(MemberId.random()));
    }

        /** The subject was forgotten: its key is gone for good, so none is fetched again. */
    public void forgotten(MemberId subject) {
        cache.put(subject, Optional.empty());
        Map<MemberId, Optional<SecretKey>> batch = pinned.get();
        if (batch != null) {
            batch.put(subject, Optional.empty());
        }
    }

    private Map<MemberId, Optional<SecretKey>> fetchAll(Set<? extends MemberId> subjects) {
        List<MemberId> all = List.copyOf(subjects);
        Map<MemberId, Optional<SecretKey>> found = new HashMap<>();
        for (int from = 0; from < all.size(); from += MAX_SUBJECTS_PER_REQUEST) {
            found.putAll(fetchMany(all.subList(from, Math.min(all.size(), from + MAX_SUBJECTS_PER_REQUEST))));
        }
        return found;
    }

    private Map<MemberId, Optional<SecretKey>> fetchMany(List<MemberId> subjects) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            Map<MemberId, Optional<SecretKey>> found = requestMany(subjects);
            outcome = "key";
            return found;
        } finally {
            timer("many", outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private Map<MemberId, Optional<SecretKey>> requestMany(List<MemberId> subjects) {
        ObjectNode body = JSON.createObjectNode();
        subjects.forEach(subject -> body.withArray("subjectIds").add(subject.toString()));
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(base.resolve("/internal/v1/data-keys"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("The key service answered " + response.statusCode());
        }
        Map<MemberId, Optional<SecretKey>> found = new HashMap<>();
        JsonNode answer = readTree(response.body());
        answer.path("keys").forEach(entry ->
                found.put(MemberId.of(entry.path("subjectId").asText()), Optional.of(decode(entry))));
        answer.path("destroyed").forEach(subject -> found.put(MemberId.of(subject.asText()), Optional.empty()));
        return found;
    }

    private Optional<SecretKey> fetch(MemberId subject) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            Optional<SecretKey> key = request(subject);
            outcome = key.isPresent() ? "key" : "destroyed";
            return key;
        } finally {
            timer("one", outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder("shareledger.key.client.requests")
                .description("Requests to the key service (the command service) for data keys, by operation and outcome")
                .tag("operation", operation).tag("outcome", outcome)
                .register(meters);
    }

    private Optional<SecretKey> request(MemberId subject) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(base.resolve("/internal/v1/data-keys/" + subject)).GET());
        return switch (response.statusCode()) {
            case 200 -> Optional.of(decode(readTree(response.body())));
            case 410 -> Optional.empty();
            default -> throw new IllegalStateException("The key service answered " + response.statusCode());
        };
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(properties.timeout())
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json")
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("The key service did not answer (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while fetching data keys", e);
        }
    }

    private static JsonNode readTree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("The key service answered something that is not JSON");
        }
    }

    private static SecretKey decode(JsonNode entry) {
        try {
            return Aes256Gcm.key(Base64.getDecoder().decode(entry.path("key").asText()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The key service answered something that is not a data key");
        }
    }
}
