package io.shareledger.api.serialization;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.shareledger.api.privacy.DataKeys;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The wire format of every message, shared by both services so that what the command side writes
 * the query side reads. Times are ISO-8601 strings; unknown properties are tolerated so that a
 * reader can consume a newer revision that only adds fields. {@link #create()} is the plain
 * format; the services store and send with {@link #encrypting(DataKeys)}, the same format with
 * every personal field encrypted.
 */
public final class ShareLedgerSerializer {

    private ShareLedgerSerializer() {
    }

    public static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .serializationInclusion(JsonInclude.Include.ALWAYS)
                .build();
    }

    public static JacksonSerializer create() {
        return JacksonSerializer.builder()
                .objectMapper(objectMapper())
                .build();
    }

    /** The wire format with every {@code @PersonalData} field encrypted under its subject's key from {@code keys}. */
    public static FieldEncryptingSerializer encrypting(DataKeys keys) {
        return new FieldEncryptingSerializer(create(), keys);
    }
}
