package io.shareledger.query.keys;

import io.shareledger.api.MemberId;
import io.shareledger.api.serialization.FieldEncryptingSerializer;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fetches the data keys a batch of events needs before the batch is read, in as few requests as the
 * key service allows, instead of one request per subject met for the first time: rebuilds and live
 * processors read thousands of events of as many members.
 */
@Component
public class BatchKeys {

    private final FieldEncryptingSerializer serializer;
    private final HttpDataKeys keys;

    BatchKeys(FieldEncryptingSerializer serializer, HttpDataKeys keys) {
        this.serializer = serializer;
        this.keys = keys;
    }

    /** Pins the keys of the events' data subjects for this thread until closed ({@link HttpDataKeys#pin}). */
    public HttpDataKeys.Pinned pin(List<? extends EventMessage<?>> events) {
        Set<MemberId> subjects = new HashSet<>();
        for (EventMessage<?> event : events) {
            try {
                // the payload as read from Kafka, not deserialized
                serializer.dataSubjectOf(event.serializePayload(serializer, byte[].class)).ifPresent(subjects::add);
            } catch (RuntimeException unreadable) {
                // reading the event itself reports it, as a failure of that event
            }
        }
        return keys.pin(subjects);
    }
}
