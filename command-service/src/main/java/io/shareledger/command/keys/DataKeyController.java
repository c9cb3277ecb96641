package io.shareledger.command.keys;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shareledger.api.MemberId;
import io.shareledger.command.web.ProblemTypes;
import io.shareledger.command.web.Rejects;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import javax.crypto.SecretKey;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Internal: gives the query service the data keys of subjects so that it can read events from
 * Kafka, one at a time or many at once. Only a caller presenting the key-service token gets here
 * (SecurityConfig); it is not part of the public API but of the internal OpenAPI document, and
 * belongs behind a network policy and TLS in production. Never creates a key. Keys are never logged.
 * <p>
 * Every request counts in {@code shareledger.key.service.requests}, tagged with the operation
 * ({@code one}, {@code many}) and the outcome ({@code key}, {@code no-key}, {@code destroyed},
 * {@code ok} for a batch, {@code error} when the vault failed): never with a subject.
 */
@RestController
@Tag(name = "internal")
class DataKeyController {

    /** At most this many subjects per lookup, so that a request stays well within the request size limit (16 KB). */
    static final int MAX_SUBJECTS = 250;

    private final KeyVault vault;
    private final MeterRegistry meters;

    DataKeyController(KeyVault vault, MeterRegistry meters) {
        this.vault = vault;
        this.meters = meters;
        // present from the start, so that rates and alerts see them before the first failure
        for (String outcome : new String[] {"key", "no-key", "destroyed", "error"}) {
            counter("one", outcome);
        }
        counter("many", "ok");
        counter("many", "error");
    }

    private Counter counter(String operation, String outcome) {
        return Counter.builder("shareledger.key.service.requests")
                .description("Data-key requests served to the query service, by operation and outcome")
                .tag("operation", operation).tag("outcome", outcome)
                .register(meters);
    }

    record DataKeyResponse(String subjectId, String key) {
    }

    @Operation(summary = "A member's data key", description = "The AES-256 key in Base64; never creates a key.")
    @Rejects(status = 404, codes = "the member has no data key (yet)")
    @Rejects(status = 410, codes = "the member was forgotten: its key was destroyed")
    @GetMapping("/internal/v1/data-keys/{subjectId}")
    ResponseEntity<Object> dataKey(@PathVariable UUID subjectId) {
        MemberId subject = new MemberId(subjectId);
        Optional<KeyVault.StoredKey> stored;
        try {
            stored = vault.stored(subject);
        } catch (RuntimeException e) {
            counter("one", "error").increment();
            throw e;
        }
        if (stored.isEmpty()) {
            counter("one", "no-key").increment();
            return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "The subject has no data key.");
        }
        Optional<SecretKey> key = stored.get().key();
        if (key.isEmpty()) {
            counter("one", "destroyed").increment();
            return problem(HttpStatus.GONE, ProblemTypes.GONE, "The subject's data key was destroyed.");
        }
        counter("one", "key").increment();
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(response(subject, key.get()));
    }

    record DataKeysRequest(@NotNull @Size(max = MAX_SUBJECTS) List<@NotNull UUID> subjectIds) {
    }

    /**
     * @param keys      the live keys among the subjects asked for
     * @param destroyed the subjects whose keys were destroyed (forgotten)
     * A subject that has no entry at all is in neither list.
     */
    record DataKeysResponse(List<DataKeyResponse> keys, List<String> destroyed) {
    }

    /**
     * The keys of many subjects in one request, read in one query: the query service asks for all the
     * subjects of a batch of events at once (POST only because the list does not fit in a URL).
     */
    @Operation(summary = "Many members' data keys at once",
            description = "At most 250 ids; keys for members with a live key, destroyed for forgotten ones, neither for "
                    + "a member without a key. Never creates a key.")
    @PostMapping("/internal/v1/data-keys")
    ResponseEntity<DataKeysResponse> dataKeys(@Valid @RequestBody DataKeysRequest request) {
        Map<MemberId, KeyVault.StoredKey> stored;
        try {
            stored = vault.stored(request.subjectIds().stream().map(MemberId::new).toList());
        } catch (RuntimeException e) {
            counter("many", "error").increment();
            throw e;
        }
        counter("many", "ok").increment();
        List<DataKeyResponse> keys = new ArrayList<>();
        List<String> destroyed = new ArrayList<>();
        stored.forEach((subject, entry) -> entry.key().ifPresentOrElse(
                key -> keys.add(response(subject, key)), () -> destroyed.add(subject.toString())));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new DataKeysResponse(keys, destroyed));
    }

    private static DataKeyResponse response(MemberId subject, SecretKey key) {
        return new DataKeyResponse(subject.toString(), Base64.getEncoder().encodeToString(key.getEncoded()));
    }

    private static ResponseEntity<Object> problem(HttpStatus status, URI type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
