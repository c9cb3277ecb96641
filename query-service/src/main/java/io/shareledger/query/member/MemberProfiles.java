package io.shareledger.query.member;

import io.swagger.v3.oas.annotations.media.Schema;
import io.shareledger.api.MemberId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import static io.shareledger.query.position.Times.instant;

/** Reads of the member profile read model. */
@Component
public class MemberProfiles {

    /** The read model these profiles are read from, as read-your-writes names it. */
    public static final String READ_MODEL = MemberProfileProjection.READ_MODEL;

    private static final RowMapper<MemberView> VIEW = (rs, row) -> new MemberView(
            rs.getObject("member_id", UUID.class).toString(),
            rs.getString("handle"),
            rs.getString("display_name"),
            rs.getString("email"),
            rs.getString("status"),
            instant(rs.getObject("registered_at", OffsetDateTime.class)),
            rs.getLong("version"));

    static final String MEMBER_OF_DIGEST = "select member_id from member_profile where subject_digest = ?";
    static final String BY_ID = "select * from member_profile where member_id = ?";

    private final JdbcTemplate jdbc;

    MemberProfiles(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<MemberId> memberOfDigest(String subjectDigest) {
        return jdbc.queryForList(MEMBER_OF_DIGEST, UUID.class, subjectDigest)
                .stream().findFirst().map(MemberId::new);
    }

    Optional<MemberView> find(MemberId id) {
        return jdbc.query(BY_ID, VIEW, id.value()).stream().findFirst();
    }

    /** A member's profile; personal fields are absent once the member is forgotten. */
    record MemberView(@Schema(example = "00000000-0000-4000-8000-000000000001") String id,
                      @Schema(example = "test_member") String handle,
                      @Schema(example = "Test Member") String displayName,
                      @Schema(example = "member@example.org") String email,
                      @Schema(description = "ACTIVE, or FORGOTTEN after an erasure (handle, displayName and email are then absent)", example = "ACTIVE") String status,
                      @Schema(example = "2026-01-02T03:04:05Z") Instant registeredAt,
                      @Schema(description = "the member aggregate's version, as the write side answered it", example = "3")
                      long version) {
    }
}
