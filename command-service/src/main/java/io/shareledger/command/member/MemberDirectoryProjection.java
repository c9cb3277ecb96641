package io.shareledger.command.member;

import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentWithdrawnEvent;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.member.MemberRegisteredEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Maintains the {@link MemberDirectory} tables. Runs in a subscribing processor, so in the same
 * transaction as the command that appended the event, and its errors propagate to that command:
 * when two registrations race for one handle or account, the database's unique constraints
 * reject the second one and its events are rolled back with it.
 */
@Component
@ProcessingGroup(MemberDirectoryProjection.PROCESSING_GROUP)
class MemberDirectoryProjection {

    static final String PROCESSING_GROUP = "member-directory";

    private final JdbcClient jdbc;

    MemberDirectoryProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(MemberRegisteredEvent event) {
        String digest = SubjectDigest.of(event.subject());
        int inserted = jdbc.sql("""
                        insert into member_account (member_id, subject_digest, handle) values (?, ?, ?)
                        on conflict do nothing
                        """)
                .param(event.memberId().value()).param(digest).param(event.handle())
                .update();
        if (inserted == 0) {
            boolean accountTaken = jdbc.sql("select count(*) from member_account where subject_digest = ?")
                    .param(digest).query(Long.class).single() > 0;
            throw accountTaken ? new MemberRejections.AlreadyRegistered() : new MemberRejections.HandleTaken();
        }
    }

    @EventHandler
    void on(ConsentGrantedEvent event) {
        jdbc.sql("""
                        insert into active_consent (consent_id, member_id, purpose, expires_at) values (?, ?, ?, ?)
                        on conflict do nothing
                        """)
                .param(event.consentId().value()).param(event.memberId().value()).param(event.purpose().name())
                .param(event.expiresAt() == null ? null : Timestamp.from(event.expiresAt()))
                .update();
    }

    @EventHandler
    void on(ConsentWithdrawnEvent event) {
        jdbc.sql("delete from active_consent where consent_id = ?").param(event.consentId().value()).update();
    }

    @EventHandler
    void on(ConsentExpiredEvent event) {
        jdbc.sql("delete from active_consent where consent_id = ?").param(event.consentId().value()).update();
    }

    @EventHandler
    void on(MemberForgottenEvent event) {
        jdbc.sql("delete from active_consent where member_id = ?").param(event.memberId().value()).update();
        jdbc.sql("delete from member_account where member_id = ?").param(event.memberId().value()).update();
    }
}
