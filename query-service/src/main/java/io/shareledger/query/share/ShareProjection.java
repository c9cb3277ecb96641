package io.shareledger.query.share;

import io.shareledger.api.member.MemberEvent;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.share.RevocationReason;
import io.shareledger.api.share.ShareAcceptedEvent;
import io.shareledger.api.share.ShareDeclinedEvent;
import io.shareledger.api.share.ShareExpiredEvent;
import io.shareledger.api.share.ShareOfferedEvent;
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
 * Shares, by id and per party. The item title, the note and the revocation explanation are the
 * owner's personal data: they are erased when the owner is forgotten. Member and share events
 * travel in different partitions, so an offer may arrive after its owner's erasure: the read
 * model remembers forgotten owners and never stores their personal fields again.
 */
@Component
@ProcessingGroup(ShareProjection.READ_MODEL)
class ShareProjection {

    static final String READ_MODEL = "shares";

    private final Projector projector;
    private final JdbcTemplate jdbc;

    ShareProjection(Projector projector, JdbcTemplate jdbc) {
        this.projector = projector;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ShareOfferedEvent event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        projector.apply(READ_MODEL, event.shareId().toString(), sequence, () -> {
            boolean forgotten = isForgotten(event.ownerId().value());
            jdbc.update("""
                    insert into share_view (share_id, owner_id, recipient_id, item_ref, item_title, note, permission,
                                            status, offered_at, updated_at, expires_at, version)
                    values (?, ?, ?, ?, ?, ?, ?, 'OFFERED', ?, ?, ?, ?)
                    """, event.shareId().value(), event.ownerId().value(), event.recipientId().value(),
                    event.itemRef(), forgotten ? null : event.itemTitle(), forgotten ? null : event.note(),
                    event.permission().name(), utc(at), utc(at), utc(event.expiresAt()), sequence);
        });
    }

    @EventHandler
    void on(ShareAcceptedEvent event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        projector.apply(READ_MODEL, event.shareId().toString(), sequence,
                () -> status(event.shareId().value(), "ACCEPTED", at, sequence));
    }

    @EventHandler
    void on(ShareDeclinedEvent event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        projector.apply(READ_MODEL, event.shareId().toString(), sequence,
                () -> status(event.shareId().value(), "DECLINED", at, sequence));
    }

    @EventHandler
    void on(ShareExpiredEvent event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        projector.apply(READ_MODEL, event.shareId().toString(), sequence,
                () -> status(event.shareId().value(), "EXPIRED", at, sequence));
    }

    @EventHandler
    void on(ShareRevokedEvent event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        projector.apply(READ_MODEL, event.shareId().toString(), sequence, () -> {
            boolean forgotten = isForgotten(event.ownerId().value());
            jdbc.update("""
                    update share_view set status = 'REVOKED', revocation_reason = ?, revocation_note = ?,
                                          updated_at = ?, version = ?
                    where share_id = ?
                    """, reason(event.reason()), forgotten ? null : event.explanation(), utc(at), sequence,
                    event.shareId().value());
        });
    }

    @EventHandler
    void on(MemberForgottenEvent event, @SequenceNumber Long sequence) {
        projector.apply(READ_MODEL, event.memberId().toString(), sequence, () -> {
            UUID member = event.memberId().value();
            jdbc.update("insert into share_forgotten_owner (member_id) values (?) on conflict do nothing", member);
            jdbc.update("update share_view set item_title = null, note = null, revocation_note = null where owner_id = ?",
                    member);
        });
    }

    /** Other member events change no share, but the read model has seen that version of the member. */
    @EventHandler
    void on(MemberEvent event, @SequenceNumber Long sequence) {
        projector.apply(READ_MODEL, event.memberId().toString(), sequence, () -> { });
    }

    private boolean isForgotten(UUID owner) {
        return !jdbc.queryForList("select 1 from share_forgotten_owner where member_id = ?", Integer.class, owner)
                .isEmpty();
    }

    private void status(UUID shareId, String status, Instant at, long sequence) {
        jdbc.update("update share_view set status = ?, updated_at = ?, version = ? where share_id = ?",
                status, utc(at), sequence, shareId);
    }

    private static String reason(RevocationReason reason) {
        return reason == null ? null : reason.name();
    }
}
