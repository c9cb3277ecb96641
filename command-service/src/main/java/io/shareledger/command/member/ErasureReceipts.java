package io.shareledger.command.member;

import io.shareledger.api.MemberId;
import io.shareledger.api.member.MemberForgottenEvent;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Receipts of erasures, made from the stored {@code MemberForgotten} event itself, so that a
 * repeated request answers the same receipt as the first.
 */
@Component
class ErasureReceipts {

    private final EventStore events;

    ErasureReceipts(EventStore events) {
        this.events = events;
    }

    ErasureReceipt of(MemberId member, long version) {
        return events.readEvents(member.toString(), version).asStream()
                .filter(event -> event.getSequenceNumber() == version && event.getPayload() instanceof MemberForgottenEvent)
                .findFirst()
                .map(event -> ErasureReceipt.of(member.toString(), version, event.getTimestamp(),
                        ((MemberForgottenEvent) event.getPayload()).requestedBy()))
                .orElseThrow(() -> new IllegalStateException("No MemberForgotten event at the erasure's version"));
    }
}
