package io.shareledger.query.keys;

import io.shareledger.api.member.MemberForgottenEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Drops a forgotten member's cached data key as soon as its erasure arrives from Kafka, rather
 * than when the cache's time-to-live runs out: from then on its fields read as the replacement
 * value here too (the command service destroyed the key when it stored the erasure). Runs in the
 * member profile read model's processor, which scrubs the member's profile on the same event,
 * rather than in a processor (and Kafka consumer) of its own.
 */
@Component
@ProcessingGroup(DataKeyEviction.PROCESSING_GROUP)
class DataKeyEviction {

    static final String PROCESSING_GROUP = "member-profiles";

    private final HttpDataKeys keys;

    DataKeyEviction(HttpDataKeys keys) {
        this.keys = keys;
    }

    @EventHandler
    void on(MemberForgottenEvent event) {
        keys.forgotten(event.memberId());
    }
}
