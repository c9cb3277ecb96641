package io.shareledger.query.history;

import io.shareledger.api.MemberId;
import io.shareledger.api.member.DataAccessScope;
import io.shareledger.query.audit.DataAccessAudit;
import io.shareledger.query.position.WaitFor;
import io.shareledger.query.web.Caller;
import io.shareledger.query.web.Callers;
import io.shareledger.query.web.Readers;
import io.shareledger.query.web.Conditional;
import io.shareledger.query.web.Rejects;
import io.shareledger.query.web.Cursor;
import io.shareledger.query.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static io.shareledger.query.position.Times.utc;

@RestController
@Tag(name = "members")
class HistoryController {

    static final String FIRST_PAGE = """
            select * from member_history where member_id = ?
            order by occurred_at, entry_id limit ?
            """;
    static final String AFTER_CURSOR = """
            select * from member_history where member_id = ? and (occurred_at, entry_id) > (?, ?)
            order by occurred_at, entry_id limit ?
            """;

    private final JdbcTemplate jdbc;
    private final Readers readers;
    private final Callers callers;
    private final DataAccessAudit audit;

    HistoryController(JdbcTemplate jdbc, Readers readers, Callers callers, DataAccessAudit audit) {
        this.jdbc = jdbc;
        this.readers = readers;
        this.callers = callers;
        this.audit = audit;
    }

    /** One event that concerns the member; {@code actor} is the member id that caused it, or "system". */
    record HistoryEntry(@Schema(example = "2026-01-02T03:04:05Z") Instant occurredAt,
                        @Schema(description = "the event's type, without the Event suffix", example = "ShareOffered") String eventType,
                        @Schema(description = "the member id that caused it, or system", example = "00000000-0000-4000-8000-000000000001") String actor,
                        @Schema(description = "the member or share the event belongs to", example = "00000000-0000-4000-8000-000000000002") String aggregateId,
                        @Schema(description = "the event's sequence number in its aggregate", example = "0") long sequenceNumber) {
    }

    private record Row(long entryId, HistoryEntry entry) {
    }

    @Operation(operationId = "getHistory", summary = "Every event that concerns the member, oldest first; the member itself or a privacy officer",
            description = "A privacy officer's read of another member's history is first recorded as an event of that "
                    + "member (who, when, why: the `reason` parameter); if it cannot be recorded, nothing is served (503).")
    @Rejects(status = 400, codes = "invalid-parameter")
    @Rejects(status = 403, codes = {"role-required", "not-registered", "not-own-member"})
    @Rejects(status = 503, codes = "audit-unavailable",
            because = "a privacy officer's read could not be recorded in the audit trail (no Retry-After)")
    @GetMapping("/api/v1/members/{memberId}/history")
    ResponseEntity<Page<HistoryEntry>> history(
            Caller caller, @PathVariable UUID memberId,
            @RequestParam(required = false) String cursor,
            @Parameter(description = "page size, at least 1; default 20; more than 100 is served as 100",
                    schema = @Schema(type = "integer", format = "int32", minimum = "1", defaultValue = "20")) @RequestParam(required = false) Integer limit,
            @Parameter(description = "<aggregateId>:<version> of the caller's own write: wait (bounded, 5 s by default) until the read model has applied it; if it does not, the answer is the current one with Projection-Stale: true", example = "00000000-0000-4000-8000-000000000001:3")
            @RequestParam(required = false) String waitFor,
            @Parameter(description = "privacy officers only, and then required (1 to 500 characters): why the officer reads "
                    + "this member's history; recorded in the audit trail")
            @RequestParam(required = false) String reason,
            @AuthenticationPrincipal Jwt token) {
        MemberId member = new MemberId(memberId);
        if (DataAccessAudit.isOfficersRead(caller, member)) {
            audit.record(member, DataAccessScope.HISTORY, reason, token);
        } else {
            callers.awaitRegistered(caller, waitFor != null).requireSelf(member);
        }
        Cursor after = Cursor.decode(cursor);
        int size = Cursor.limit(limit);
        WaitFor wait = WaitFor.parse(waitFor);
        boolean stale = wait != null && !readers.await(HistoryProjection.READ_MODEL, member, wait.aggregateId(), wait.version());
        List<Row> rows = after == null
                ? jdbc.query(FIRST_PAGE, (rs, n) -> row(rs), memberId, size + 1)
                : jdbc.query(AFTER_CURSOR, (rs, n) -> row(rs), memberId, utc(after.at()), after.longId(), size + 1);
        String next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            Row last = rows.get(size - 1);
            next = new Cursor(last.entry().occurredAt(), Long.toString(last.entryId())).encode();
        }
        return Conditional.list(new Page<>(rows.stream().map(Row::entry).toList(), next), stale);
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getLong("entry_id"), new HistoryEntry(
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("event_type"),
                rs.getString("actor"),
                rs.getString("aggregate_id"),
                rs.getLong("sequence_number")));
    }
}
