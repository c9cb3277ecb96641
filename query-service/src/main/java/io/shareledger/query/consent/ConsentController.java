package io.shareledger.query.consent;

import io.shareledger.api.MemberId;
import io.shareledger.query.position.WaitFor;
import io.shareledger.query.web.Caller;
import io.shareledger.query.web.Callers;
import io.shareledger.query.web.Readers;
import io.shareledger.query.web.Conditional;
import io.shareledger.query.web.Rejects;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static io.shareledger.query.position.Times.instant;

@RestController
@Tag(name = "members")
class ConsentController {

    static final String CONSENTS = """
            select * from member_consent where member_id = ? order by granted_at, consent_id
            """;

    private final JdbcTemplate jdbc;
    private final Readers readers;
    private final Callers callers;

    ConsentController(JdbcTemplate jdbc, Readers readers, Callers callers) {
        this.jdbc = jdbc;
        this.readers = readers;
        this.callers = callers;
    }

    /** One consent, active or ended. */
    record ConsentView(@Schema(example = "00000000-0000-4000-8000-000000000003") String consentId,
                       @Schema(description = "SHARE_ITEMS or RECEIVE_SHARES", example = "SHARE_ITEMS") String purpose,
                       @Schema(example = "2026-01-02T03:04:05Z") Instant grantedAt,
                       @Schema(description = "absent when it does not expire") Instant expiresAt,
                       @Schema(description = "ACTIVE, WITHDRAWN or EXPIRED", example = "ACTIVE") String status,
                       @Schema(description = "when it was withdrawn or expired; absent while active") Instant endedAt) {
    }

    record Consents(List<ConsentView> items) {
    }

    @Operation(operationId = "listConsents", summary = "The caller's consents with their history, oldest first")
    @Rejects(status = 403, codes = {"not-registered", "not-own-member"})
    @GetMapping("/api/v1/members/{memberId}/consents")
    ResponseEntity<Consents> consents(
            Caller caller, @PathVariable UUID memberId,
            @Parameter(description = "<aggregateId>:<version> of the caller's own write: wait (bounded, 5 s by default) until the read model has applied it; if it does not, the answer is the current one with Projection-Stale: true", example = "00000000-0000-4000-8000-000000000001:3")
            @RequestParam(required = false) String waitFor) {
        MemberId member = new MemberId(memberId);
        callers.awaitRegistered(caller, waitFor != null).requireSelf(member);
        WaitFor wait = WaitFor.parse(waitFor);
        boolean stale = wait != null && !readers.await(ConsentProjection.READ_MODEL, member, wait.aggregateId(), wait.version());
        List<ConsentView> items = jdbc.query(CONSENTS, (rs, row) -> new ConsentView(
                rs.getObject("consent_id", UUID.class).toString(),
                rs.getString("purpose"),
                instant(rs.getObject("granted_at", OffsetDateTime.class)),
                instant(rs.getObject("expires_at", OffsetDateTime.class)),
                rs.getString("status"),
                instant(rs.getObject("ended_at", OffsetDateTime.class))), memberId);
        return Conditional.list(new Consents(items), stale);
    }
}
