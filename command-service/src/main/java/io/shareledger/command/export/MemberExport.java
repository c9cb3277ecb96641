package io.shareledger.command.export;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * The export of one member's data (GDPR Art. 15 and 20), as described by
 * {@code docs/export.schema.json}: profile, consents with their history, shares in both directions
 * and every event that concerns the member, oldest first. Other members appear only by id.
 */
record MemberExport(String format, Instant exportedAt, Profile member, List<Consent> consents, Shares shares,
                    List<Event> events) {

    static final String FORMAT = "shareledger-export/1";

    record Profile(String id, String status, String handle, String displayName, String email,
                   Instant registeredAt, Instant updatedAt, long version) {
    }

    record Consent(String consentId, String purpose, String status, Instant grantedAt, Instant expiresAt,
                   Instant endedAt, List<ConsentChange> history) {
    }

    record ConsentChange(String type, Instant occurredAt, long sequenceNumber) {
    }

    record Shares(List<Share> outgoing, List<Share> incoming) {
    }

    record Share(String shareId, String ownerId, String recipientId, String itemRef, String itemTitle, String note,
                 String permission, String status, String revocationReason, String revocationNote,
                 Instant offeredAt, Instant updatedAt, Instant expiresAt, long version) {
    }

    /** {@code payload}: the event's fields, decrypted, without other members' personal data; null once forgotten. */
    record Event(String aggregateId, long sequenceNumber, String type, Instant occurredAt, String actor,
                 ObjectNode payload) {
    }
}
