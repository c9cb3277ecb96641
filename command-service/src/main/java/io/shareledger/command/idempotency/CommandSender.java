package io.shareledger.command.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareledger.command.member.SubjectDigest;
import io.shareledger.command.web.Caller;
import io.shareledger.command.web.WriteResponse;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a command on behalf of an HTTP request and turns its result into a {@link WriteResponse},
 * honouring the request's {@code Idempotency-Key}: a repeat with the same key and body gets the
 * first answer and appends nothing; the same key with another body is refused.
 */
@Component
public class CommandSender {

    static final int MAX_KEY_LENGTH = 200;

    private final CommandGateway commands;
    private final IdempotencyStore store;
    private final ObjectMapper json;

    CommandSender(CommandGateway commands, IdempotencyStore store, ObjectMapper json) {
        this.commands = commands;
        this.store = store;
        this.json = json;
    }

    /**
     * @param resourceId     the id the answer names (the new resource's id for a creation)
     * @param idempotencyKey the request's key, or null
     * @param requestLine    method and path of the request, part of what a key is bound to
     * @param body           the request body (or null), part of what a key is bound to
     */
    public WriteResponse send(Object command, String resourceId, Caller caller,
                              String idempotencyKey, String requestLine, Object body) {
        if (idempotencyKey == null) {
            return new WriteResponse(resourceId, versionOf(commands.sendAndWait(command)));
        }
        Optional<WriteResponse> earlier = earlierAnswer(caller, idempotencyKey, requestLine, body);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        String scope = SubjectDigest.of(caller.subject());
        String requestHash = hash(requestLine, body);
        MetaData metaData = MetaData.from(Map.of(
                IdempotencyInterceptor.SCOPE, scope,
                IdempotencyInterceptor.KEY, idempotencyKey,
                IdempotencyInterceptor.REQUEST_HASH, requestHash,
                IdempotencyInterceptor.RESOURCE_ID, resourceId));
        try {
            Object result = commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
            return new WriteResponse(resourceId, versionOf(result));
        } catch (IdempotencyStore.KeyInUse raced) {
            return earlierAnswer(scope, idempotencyKey, requestHash).orElseThrow(() -> raced);
        }
    }

    /**
     * The answer already given to this caller for this key and request, if any. For a write whose
     * authorization cannot be checked again once it succeeded (an erasure unlinks the caller's
     * account), so that a retry still gets the first answer.
     */
    public Optional<WriteResponse> earlierAnswer(Caller caller, String idempotencyKey, String requestLine, Object body) {
        if (idempotencyKey == null) {
            return Optional.empty();
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH) {
            throw new InvalidIdempotencyKey();
        }
        return earlierAnswer(SubjectDigest.of(caller.subject()), idempotencyKey, hash(requestLine, body));
    }

    private Optional<WriteResponse> earlierAnswer(String scope, String key, String requestHash) {
        return store.find(scope, key).map(entry -> {
            if (!entry.requestHash().equals(requestHash)) {
                throw new IdempotencyKeyReused();
            }
            return new WriteResponse(entry.resourceId(), entry.version());
        });
    }

    /**
     * Instance command handlers answer the aggregate version they produced; creation handlers
     * answer the new aggregate's id, and a creation always applies exactly one event: version 0.
     */
    static long versionOf(Object commandResult) {
        return commandResult instanceof Long version ? version : 0L;
    }

    private String hash(String requestLine, Object body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(requestLine.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(json.writeValueAsBytes(body));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot fingerprint the request", e);
        }
    }

    public static final class InvalidIdempotencyKey extends RuntimeException {
        InvalidIdempotencyKey() {
            super("Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters.", null, false, false);
        }
    }

    /** The key was first used with another request. */
    public static final class IdempotencyKeyReused extends RuntimeException {
        IdempotencyKeyReused() {
            super("This Idempotency-Key was already used for a different request.", null, false, false);
        }
    }
}
