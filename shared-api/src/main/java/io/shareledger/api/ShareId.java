package io.shareledger.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies a share; {@link #toString()} is the raw UUID because Axon routes on it. */
public record ShareId(UUID value) {

    public ShareId {
        Objects.requireNonNull(value, "value");
    }

    public static ShareId random() {
        return new ShareId(UUID.randomUUID());
    }

    @JsonCreator
    public static ShareId of(String value) {
        return new ShareId(UUID.fromString(value));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
