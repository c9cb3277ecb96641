package io.shareledger.query.history;

import io.shareledger.api.DomainEvent;
import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.member.MemberEvent;
import io.shareledger.api.member.MemberDataAccessedEvent;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.share.RevocationReason;
import io.shareledger.api.share.ShareAcceptedEvent;
import io.shareledger.api.share.ShareDeclinedEvent;
import io.shareledger.api.share.ShareEvent;
import io.shareledger.api.share.ShareExpiredEvent;
import io.shareledger.api.share.ShareRevokedEvent;
import io.shareledger.query.position.Projector;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.UUID;

import static io.shareledger.query.position.Times.utc;

/**
 * Every event that concerns a member, as subject, owner or recipient: a share event is recorded
 * in both parties' histories. Rows hold no personal data (type, time, actor id, aggregate id and
 * sequence), so erasure leaves them in place.
 */
@Component
@ProcessingGroup(HistoryProjection.READ_MODEL)
class HistoryProjection {

    static final String READ_MODEL = "member-history";
    static final String SYSTEM = "system";
    static final String PRIVACY_OFFICER = "privacy-officer";

    private final Projector projector;
    private final JdbcTemplate jdbc;

    HistoryProjection(Projector projector, JdbcTemplate jdbc) {
        this.projector = projector;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(MemberEvent event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        String aggregateId = event.memberId().toString();
        projector.apply(READ_MODEL, aggregateId, sequence,
                () -> record(event.memberId().value(), event, actor(event), aggregateId, sequence, at));
    }

    @EventHandler
    void on(ShareEvent event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        String aggregateId = event.shareId().toString();
        projector.apply(READ_MODEL, aggregateId, sequence, () -> {
            String actor = actor(event);
            record(event.ownerId().value(), event, actor, aggregateId, sequence, at);
            record(event.recipientId().value(), event, actor, aggregateId, sequence, at);
        });
    }

    static String actor(MemberEvent event) {
        if (event instanceof ConsentExpiredEvent) {
            return SYSTEM;
        }
        if (event instanceof MemberDataAccessedEvent) {
            return PRIVACY_OFFICER;
        }
        if (event instanceof MemberForgottenEvent forgotten) {
            return switch (forgotten.requestedBy()) {
                case SELF -> event.memberId().toString();
                case PRIVACY_OFFICER -> PRIVACY_OFFICER;
            };
        }
        return event.memberId().toString();
    }

    static String actor(ShareEvent event) {
        if (event instanceof ShareAcceptedEvent || event instanceof ShareDeclinedEvent) {
            return event.recipientId().toString();
        }
        if (event instanceof ShareExpiredEvent) {
            return SYSTEM;
        }
        if (event instanceof ShareRevokedEvent revoked) {
            return revoked.reason() == RevocationReason.OWNER ? event.ownerId().toString() : SYSTEM;
        }
        return event.ownerId().toString();
    }

    private void record(UUID member, DomainEvent event, String actor, String aggregateId, long sequence, Instant at) {
        jdbc.update("""
                insert into member_history (member_id, occurred_at, event_type, actor, aggregate_id, sequence_number)
                values (?, ?, ?, ?, ?, ?)
                on conflict (member_id, aggregate_id, sequence_number) do nothing
                """, member, utc(at), eventType(event), actor, aggregateId, sequence);
    }

    static String eventType(DomainEvent event) {
        String name = event.getClass().getSimpleName();
        return name.endsWith("Event") ? name.substring(0, name.length() - "Event".length()) : name;
    }
}
