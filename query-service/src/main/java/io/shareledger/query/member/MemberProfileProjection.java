package io.shareledger.query.member;

import io.shareledger.api.member.MemberEvent;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.api.share.ShareEvent;
import io.shareledger.query.position.Projector;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

import static io.shareledger.query.position.Times.utc;

/**
 * The member profile read model. Its version is the member aggregate's version, so every member
 * event (consents included) moves it. Only a digest of the token subject is kept.
 */
@Component
@ProcessingGroup(MemberProfileProjection.READ_MODEL)
class MemberProfileProjection {

    static final String READ_MODEL = "member-profiles";

    private final Projector projector;
    private final JdbcTemplate jdbc;

    MemberProfileProjection(Projector projector, JdbcTemplate jdbc) {
        this.projector = projector;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(MemberRegisteredEvent event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        String digest = SubjectDigest.of(event.subject());
        projector.apply(READ_MODEL, event.memberId().toString(), sequence, () -> {
            // The write side allows one live member per account: an earlier member of this account
            // has been forgotten, though its MemberForgotten may still be on its way in another
            // partition, and registrations of different members may arrive in either order. The
            // newest registration owns the account.
            jdbc.update("update member_profile set subject_digest = null where subject_digest = ? and registered_at < ?",
                    digest, utc(at));
            boolean newerHolds = !jdbc.queryForList("select 1 from member_profile where subject_digest = ?",
                    Integer.class, digest).isEmpty();
            jdbc.update("""
                    insert into member_profile (member_id, subject_digest, handle, display_name, email, status,
                                                registered_at, updated_at, version)
                    values (?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?)
                    """, event.memberId().value(), newerHolds ? null : digest, event.handle(),
                    event.displayName(), event.email(), utc(at), utc(at), sequence);
        });
    }

    @EventHandler
    void on(ProfileChangedEvent event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        projector.apply(READ_MODEL, event.memberId().toString(), sequence, () -> jdbc.update("""
                update member_profile set display_name = ?, email = ?, updated_at = ?, version = ?
                where member_id = ?
                """, event.displayName(), event.email(), utc(at), sequence, event.memberId().value()));
    }

    @EventHandler
    void on(MemberForgottenEvent event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        projector.apply(READ_MODEL, event.memberId().toString(), sequence, () -> jdbc.update("""
                update member_profile set subject_digest = null, handle = null, display_name = null, email = null,
                                          status = 'FORGOTTEN', updated_at = ?, version = ?
                where member_id = ?
                """, utc(at), sequence, event.memberId().value()));
    }

    /** Consent events change no profile field, but the member's version. */
    @EventHandler
    void on(MemberEvent event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        projector.apply(READ_MODEL, event.memberId().toString(), sequence, () -> jdbc.update(
                "update member_profile set updated_at = ?, version = ? where member_id = ?",
                utc(at), sequence, event.memberId().value()));
    }
    /**
     * Share events change no profile either, but recording their versions lets this read model answer a
     * read-your-writes wait for a share ({@code ?waitFor=<shareId>:<version>}).
     */
    @EventHandler
    void on(ShareEvent event, @SequenceNumber Long sequence) {
        projector.apply(READ_MODEL, event.shareId().toString(), sequence, () -> { });
    }

}
