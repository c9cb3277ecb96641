package io.shareledger.command.member;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.member.ConsentPurpose;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@Component
class JdbcMemberDirectory implements MemberDirectory {

    private final JdbcClient jdbc;

    JdbcMemberDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean isHandleTaken(String handle) {
        return jdbc.sql("select count(*) from member_account where handle = ?")
                .param(handle).query(Long.class).single() > 0;
    }

    @Override
    public Optional<MemberId> memberOfSubject(String subject) {
        return jdbc.sql("select member_id from member_account where subject_digest = ?")
                .param(SubjectDigest.of(subject)).query(UUID.class).optional().map(MemberId::new);
    }

    @Override
    public boolean isLive(MemberId memberId) {
        return jdbc.sql("select count(*) from member_account where member_id = ?")
                .param(memberId.value()).query(Long.class).single() > 0;
    }

    @Override
    public Optional<ConsentId> activeConsent(MemberId memberId, ConsentPurpose purpose, Instant now) {
        return jdbc.sql("""
                        select consent_id from active_consent
                        where member_id = ? and purpose = ? and (expires_at is null or expires_at > ?)
                        """)
                .param(memberId.value()).param(purpose.name()).param(Timestamp.from(now))
                .query(UUID.class).optional().map(ConsentId::new);
    }

    @Override
    public boolean isConsentActive(ConsentId consentId, Instant now) {
        return jdbc.sql("""
                        select count(*) from active_consent
                        where consent_id = ? and (expires_at is null or expires_at > ?)
                        """)
                .param(consentId.value()).param(Timestamp.from(now))
                .query(Long.class).single() > 0;
    }
}
