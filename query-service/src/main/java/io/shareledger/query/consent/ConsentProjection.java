package io.shareledger.query.consent;

import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentWithdrawnEvent;
import io.shareledger.api.member.MemberEvent;
import io.shareledger.api.share.ShareEvent;
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

/** Consents per member, with their history: an ended consent stays, with its end time and status. */
@Component
@ProcessingGroup(ConsentProjection.READ_MODEL)
class ConsentProjection {

    static final String READ_MODEL = "member-consents";

    private final Projector projector;
    private final JdbcTemplate jdbc;

    ConsentProjection(Projector projector, JdbcTemplate jdbc) {
        this.projector = projector;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ConsentGrantedEvent event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        projector.apply(READ_MODEL, event.memberId().toString(), sequence, () -> jdbc.update("""
                insert into member_consent (consent_id, member_id, purpose, granted_at, expires_at, status)
                values (?, ?, ?, ?, ?, 'ACTIVE')
                """, event.consentId().value(), event.memberId().value(), event.purpose().name(),
                utc(at), utc(event.expiresAt())));
    }

    @EventHandler
    void on(ConsentWithdrawnEvent event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        projector.apply(READ_MODEL, event.memberId().toString(), sequence,
                () -> end(event.consentId().value(), "WITHDRAWN", at));
    }

    /** An expired consent ends at its expiry time, even when the deadline ran later. */
    @EventHandler
    void on(ConsentExpiredEvent event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        projector.apply(READ_MODEL, event.memberId().toString(), sequence, () -> jdbc.update("""
                update member_consent set status = 'EXPIRED', ended_at = least(coalesce(expires_at, ?), ?)
                where consent_id = ? and status = 'ACTIVE'
                """, utc(at), utc(at), event.consentId().value()));
    }

    /**
     * Share events change no consent either, but recording their versions lets this read model answer a
     * read-your-writes wait for a share ({@code ?waitFor=<shareId>:<version>}).
     */
    @EventHandler
    void on(ShareEvent event, @SequenceNumber Long sequence) {
        projector.apply(READ_MODEL, event.shareId().toString(), sequence, () -> { });
    }

    /** Other member events change no consent, but the read model has seen that version of the member. */
    @EventHandler
    void on(MemberEvent event, @SequenceNumber Long sequence) {
        projector.apply(READ_MODEL, event.memberId().toString(), sequence, () -> { });
    }

    private void end(UUID consentId, String status, Instant at) {
        jdbc.update("update member_consent set status = ?, ended_at = ? where consent_id = ? and status = 'ACTIVE'",
                status, utc(at), consentId);
    }
}
