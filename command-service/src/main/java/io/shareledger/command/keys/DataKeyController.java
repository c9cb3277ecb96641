package io.shareledger.command.keys;

import io.shareledger.api.MemberId;
import io.shareledger.command.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import javax.crypto.SecretKey;
import java.net.URI;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Internal: gives the query service the data key of a subject so that it can read events from
 * Kafka. Only a caller presenting the key-service token gets here (SecurityConfig); it is not
 * part of the public API, is left out of the OpenAPI document, and belongs behind a network
 * policy and TLS in production. Never creates a key. The key is never logged.
 */
@Hidden
@RestController
class DataKeyController {

    private final KeyVault vault;

    DataKeyController(KeyVault vault) {
        this.vault = vault;
    }

    record DataKeyResponse(String subjectId, String key) {
    }

    @GetMapping("/internal/v1/data-keys/{subjectId}")
    ResponseEntity<Object> dataKey(@PathVariable UUID subjectId) {
        MemberId subject = new MemberId(subjectId);
        Optional<KeyVault.StoredKey> stored = vault.stored(subject);
        if (stored.isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "The subject has no data key.");
        }
        Optional<SecretKey> key = stored.get().key();
        if (key.isEmpty()) {
            return problem(HttpStatus.GONE, ProblemTypes.GONE, "The subject's data key was destroyed.");
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new DataKeyResponse(subject.toString(), Base64.getEncoder().encodeToString(key.get().getEncoded())));
    }

    private static ResponseEntity<Object> problem(HttpStatus status, URI type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(problem);
    }
}
