package io.shareledger.command.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareledger.api.MemberId;
import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentWithdrawnEvent;
import io.shareledger.api.member.MemberDataAccessedEvent;
import io.shareledger.api.member.MemberEvent;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.api.privacy.PersonalDataFields;
import io.shareledger.api.serialization.ShareLedgerSerializer;
import io.shareledger.api.share.RevocationReason;
import io.shareledger.api.share.ShareAcceptedEvent;
import io.shareledger.api.share.ShareDeclinedEvent;
import io.shareledger.api.share.ShareEvent;
import io.shareledger.api.share.ShareExpiredEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.ShareRevokedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds a member's export from the event store, the source of truth: the member's own events and
 * those of every share it takes part in, decrypted by the serializer, in the order they were
 * stored. Profile, consents and shares are folds of those events. Personal fields of other members
 * (a share's title is its owner's) are left out, and nothing personal is left once the member is
 * forgotten: its data key is gone and the export says only what happened when.
 */
@Component
class MemberExports {

    static final String SYSTEM = "system";
    static final String PRIVACY_OFFICER = "privacy-officer";

    private static final ObjectMapper JSON = ShareLedgerSerializer.objectMapper();

    private final EventStore events;
    private final JdbcClient jdbc;
    private final Clock clock;

    MemberExports(EventStore events, JdbcClient jdbc, Clock clock) {
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The member's export, or empty when there is no such member. */
    Optional<MemberExport> export(MemberId member) {
        List<DomainEventMessage<?>> history = history(member);
        if (history.isEmpty()) {
            return Optional.empty();
        }
        boolean forgotten = history.stream().anyMatch(e -> e.getPayload() instanceof MemberForgottenEvent forgottenEvent
                && forgottenEvent.memberId().equals(member));
        String id = member.toString();
        MemberExport.Profile profile = null;
        Map<String, ConsentFold> consents = new LinkedHashMap<>();
        Map<String, ShareFold> shares = new LinkedHashMap<>();
        List<MemberExport.Event> exported = new ArrayList<>();
        for (DomainEventMessage<?> message : history) {
            Object payload = message.getPayload();
            Instant at = message.getTimestamp();
            long sequence = message.getSequenceNumber();
            if (payload instanceof MemberEvent event) {
                profile = profile(profile, event, at, sequence, forgotten);
                consent(consents, event, at, sequence);
            } else if (payload instanceof ShareEvent event) {
                shares.computeIfAbsent(message.getAggregateIdentifier(), ShareFold::new).apply(event, at, sequence);
            }
            exported.add(new MemberExport.Event(message.getAggregateIdentifier(), sequence, type(payload), at,
                    actor(payload), forgotten ? null : ownFields(payload, id)));
        }
        List<MemberExport.Share> outgoing = new ArrayList<>();
        List<MemberExport.Share> incoming = new ArrayList<>();
        for (ShareFold share : shares.values()) {
            boolean owned = share.ownerId.equals(id);
            (owned ? outgoing : incoming).add(share.toShare(owned && !forgotten));
        }
        return Optional.of(new MemberExport(MemberExport.FORMAT, clock.instant(), profile,
                consents.values().stream().map(ConsentFold::toConsent).toList(),
                new MemberExport.Shares(outgoing, incoming), exported));
    }

    /** The member's events and those of its shares, in the order they were stored. */
    private List<DomainEventMessage<?>> history(MemberId member) {
        List<String> aggregates = new ArrayList<>();
        aggregates.add(member.toString());
        jdbc.sql("select share_id from member_share where member_id = ?").param(member.value())
                .query(UUID.class).list().forEach(share -> aggregates.add(share.toString()));
        Map<String, Long> order = new HashMap<>();
        jdbc.sql("""
                        select aggregate_identifier, sequence_number, global_index from domain_event_entry
                        where aggregate_identifier = any(?)
                        """)
                .param(aggregates.toArray(String[]::new))
                .query((rs, n) -> order.put(rs.getString(1) + "/" + rs.getLong(2), rs.getLong(3)))
                .list();
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (String aggregate : aggregates) {
            // from sequence 0: the events themselves, never a snapshot in their place
            events.readEvents(aggregate, 0).asStream().forEach(messages::add);
        }
        messages.sort(Comparator.comparingLong(m -> order.getOrDefault(
                m.getAggregateIdentifier() + "/" + m.getSequenceNumber(), Long.MAX_VALUE)));
        return messages;
    }

    private static MemberExport.Profile profile(MemberExport.Profile profile, MemberEvent event, Instant at, long sequence,
                                                boolean forgotten) {
        String id = event.memberId().toString();
        if (event instanceof MemberRegisteredEvent registered) {
            return new MemberExport.Profile(id, forgotten ? "FORGOTTEN" : "ACTIVE", forgotten ? null : registered.handle(),
                    forgotten ? null : registered.displayName(), forgotten ? null : registered.email(), at, at, sequence);
        }
        if (profile == null) {
            return null;
        }
        boolean changed = event instanceof ProfileChangedEvent && !forgotten;
        ProfileChangedEvent change = changed ? (ProfileChangedEvent) event : null;
        return new MemberExport.Profile(id, profile.status(), profile.handle(),
                changed ? change.displayName() : profile.displayName(), changed ? change.email() : profile.email(),
                profile.registeredAt(), at, sequence);
    }

    private static void consent(Map<String, ConsentFold> consents, MemberEvent event, Instant at, long sequence) {
        if (event instanceof ConsentGrantedEvent granted) {
            consents.put(granted.consentId().toString(), new ConsentFold(granted, at, sequence));
        } else if (event instanceof ConsentWithdrawnEvent withdrawn) {
            Optional.ofNullable(consents.get(withdrawn.consentId().toString()))
                    .ifPresent(c -> c.end("WITHDRAWN", "ConsentWithdrawn", at, at, sequence));
        } else if (event instanceof ConsentExpiredEvent expired) {
            Optional.ofNullable(consents.get(expired.consentId().toString())).ifPresent(c -> c.end("EXPIRED",
                    "ConsentExpired", c.expiresAt != null && c.expiresAt.isBefore(at) ? c.expiresAt : at, at, sequence));
        }
    }

    /** The payload's fields, without the personal fields of an event whose data subject is another member. */
    private static ObjectNode ownFields(Object payload, String member) {
        ObjectNode fields = JSON.valueToTree(payload);
        String subjectField = PersonalDataFields.dataSubjectOf(payload.getClass()).orElse(null);
        if (subjectField != null && !member.equals(fields.path(subjectField).asText())) {
            PersonalDataFields.of(payload.getClass()).forEach(fields::remove);
        }
        return fields;
    }

    static String type(Object payload) {
        String name = payload.getClass().getSimpleName();
        return name.endsWith("Event") ? name.substring(0, name.length() - "Event".length()) : name;
    }

    /** Who caused the event: a member id, the system (expiries, automatic revocations) or a privacy officer. */
    static String actor(Object payload) {
        if (payload instanceof ConsentExpiredEvent || payload instanceof ShareExpiredEvent) {
            return SYSTEM;
        }
        if (payload instanceof MemberDataAccessedEvent) {
            return PRIVACY_OFFICER;
        }
        if (payload instanceof MemberForgottenEvent forgotten) {
            return switch (forgotten.requestedBy()) {
                case SELF -> forgotten.memberId().toString();
                case PRIVACY_OFFICER -> PRIVACY_OFFICER;
            };
        }
        if (payload instanceof MemberEvent event) {
            return event.memberId().toString();
        }
        if (payload instanceof ShareAcceptedEvent || payload instanceof ShareDeclinedEvent) {
            return ((ShareEvent) payload).recipientId().toString();
        }
        if (payload instanceof ShareRevokedEvent revoked && revoked.reason() != RevocationReason.OWNER) {
            return SYSTEM;
        }
        return ((ShareEvent) payload).ownerId().toString();
    }

    private static final class ConsentFold {
        private final String consentId;
        private final String purpose;
        private final Instant grantedAt;
        private final Instant expiresAt;
        private final List<MemberExport.ConsentChange> history = new ArrayList<>();
        private String status = "ACTIVE";
        private Instant endedAt;

        ConsentFold(ConsentGrantedEvent granted, Instant at, long sequence) {
            consentId = granted.consentId().toString();
            purpose = granted.purpose().name();
            grantedAt = at;
            expiresAt = granted.expiresAt();
            history.add(new MemberExport.ConsentChange("ConsentGranted", at, sequence));
        }

        void end(String newStatus, String type, Instant endedAt, Instant at, long sequence) {
            if (status.equals("ACTIVE")) {
                status = newStatus;
                this.endedAt = endedAt;
            }
            history.add(new MemberExport.ConsentChange(type, at, sequence));
        }

        MemberExport.Consent toConsent() {
            return new MemberExport.Consent(consentId, purpose, status, grantedAt, expiresAt, endedAt, List.copyOf(history));
        }
    }

    private static final class ShareFold {
        private final String shareId;
        private String ownerId;
        private String recipientId;
        private ShareOfferedEvent offer;
        private Instant offeredAt;
        private Instant updatedAt;
        private String status;
        private String revocationReason;
        private String revocationNote;
        private long version;

        ShareFold(String shareId) {
            this.shareId = shareId;
        }

        void apply(ShareEvent event, Instant at, long sequence) {
            ownerId = event.ownerId().toString();
            recipientId = event.recipientId().toString();
            updatedAt = at;
            version = sequence;
            if (event instanceof ShareOfferedEvent offered) {
                offer = offered;
                offeredAt = at;
                status = "OFFERED";
            } else if (event instanceof ShareAcceptedEvent) {
                status = "ACCEPTED";
            } else if (event instanceof ShareDeclinedEvent) {
                status = "DECLINED";
            } else if (event instanceof ShareExpiredEvent) {
                status = "EXPIRED";
            } else if (event instanceof ShareRevokedEvent revoked) {
                status = "REVOKED";
                revocationReason = revoked.reason() == null ? null : revoked.reason().name();
                revocationNote = revoked.explanation();
            }
        }

        /** {@code withOwnersData}: the title, note and explanation are the owner's; only the owner's export has them. */
        MemberExport.Share toShare(boolean withOwnersData) {
            return new MemberExport.Share(shareId, ownerId, recipientId, offer == null ? null : offer.itemRef(),
                    withOwnersData && offer != null ? offer.itemTitle() : null,
                    withOwnersData && offer != null ? offer.note() : null,
                    offer == null ? null : offer.permission().name(), status, revocationReason,
                    withOwnersData ? revocationNote : null, offeredAt, updatedAt,
                    offer == null ? null : offer.expiresAt(), version);
        }
    }
}
