package io.shareledger.query.config;

import io.shareledger.api.member.MemberForgottenEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
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

    /** Named by every read model's processor in application.yml ({@code sequencing-policy}). */
    @Bean
    SequencingPolicy<EventMessage<?>> erasureFirstSequencing() {
        return event -> MemberForgottenEvent.class.equals(event.getPayloadType())
                ? event.getIdentifier()
                : SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
    }
}
