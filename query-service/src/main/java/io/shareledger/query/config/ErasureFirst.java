package io.shareledger.query.config;

import io.shareledger.api.member.MemberForgottenEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A member's erasure is never parked behind earlier dead letters of that member. Events are
 * sequenced per aggregate, so one parked event parks every later event of its aggregate until an
 * operator retries; for {@link MemberForgottenEvent} that would leave the member's personal data in
 * the read models meanwhile. It is a sequence of its own: applied at once, it scrubs the rows and
 * records the member's last sequence number, so that the parked events, once retried, are skipped
 * as already applied (their personal fields would read as erased anyway, the key being destroyed).
 */
@Configuration(proxyBeanMethods = false)
class ErasureFirst {

    /**
     * Named by every read model's processor in application.yml ({@code sequencing-policy}). With one
     * segment the erasure's sequence is its event id. With several, a segment is chosen by the hash
     * of the sequence identifier, and an erasure in a segment of its own could be applied before the
     * member's earlier events, which the read model would then skip as at or below the member's
     * position: its sequence is then a {@link MemberErasure}, which falls in the member's segment.
     */
    @Bean
    SequencingPolicy<EventMessage<?>> erasureFirstSequencing(
            @Value("${" + ProjectionSegments.SEGMENTS + ":1}") int segments) {
        return event -> {
            Object perAggregate = SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
            if (!MemberForgottenEvent.class.equals(event.getPayloadType())) {
                return perAggregate;
            }
            return segments == 1 || perAggregate == null ? event.getIdentifier() : new MemberErasure(perAggregate.toString());
        };
    }

    /**
     * The sequence of a member's erasure when there are several segments: the member's hash (so the
     * member's segment, since {@code Segment#matches} takes the identifier's hash code) but a
     * sequence of its own for the dead-letter queue, which stores an identifier that is not a
     * string as the decimal text of its hash code ({@code JpaSequencedDeadLetterQueue}), as
     * {@link #toString()} answers (the text {@code Projector} compares with the stored one). Two
     * members whose ids share a hash share an erasure sequence: an erasure parked behind the other's.
     */
    static final class MemberErasure {

        private final String memberId;

        MemberErasure(String memberId) {
            this.memberId = memberId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof MemberErasure erasure && erasure.hashCode() == hashCode();
        }

        @Override
        public int hashCode() {
            return memberId.hashCode();
        }

        @Override
        public String toString() {
            return Integer.toString(hashCode());
        }
    }
}
