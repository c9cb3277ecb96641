package io.shareledger.query.share;

import io.shareledger.api.MemberId;
import io.shareledger.query.position.WaitFor;
import io.shareledger.query.web.Caller;
import io.shareledger.query.web.Callers;
import io.shareledger.query.web.Readers;
import io.shareledger.query.web.Conditional;
import io.shareledger.query.web.Cursor;
import io.shareledger.query.web.Page;
import io.shareledger.query.web.QueryRejection;
import io.shareledger.query.web.Rejects;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.shareledger.query.position.Times.instant;
import static io.shareledger.query.position.Times.utc;

@RestController
@Tag(name = "shares")
class ShareController {

    private static final Set<String> STATUSES = Set.of("OFFERED", "ACCEPTED", "DECLINED", "REVOKED", "EXPIRED");
    private static final Map<String, String> DIRECTIONS = Map.of("outgoing", "owner_id", "incoming", "recipient_id");

    private static final RowMapper<ShareView> VIEW = (rs, row) -> new ShareView(
            rs.getObject("share_id", UUID.class).toString(),
            rs.getObject("owner_id", UUID.class).toString(),
            rs.getObject("recipient_id", UUID.class).toString(),
            rs.getString("item_ref"),
            rs.getString("item_title"),
            rs.getString("note"),
            rs.getString("permission"),
            rs.getString("status"),
            rs.getString("revocation_reason"),
            rs.getString("revocation_note"),
            instant(rs.getObject("offered_at", OffsetDateTime.class)),
            instant(rs.getObject("updated_at", OffsetDateTime.class)),
            instant(rs.getObject("expires_at", OffsetDateTime.class)),
            rs.getLong("version"));

    static final String BY_ID = "select * from share_view where share_id = ?";

    private final JdbcTemplate jdbc;
    private final Readers readers;
    private final Callers callers;

    ShareController(JdbcTemplate jdbc, Readers readers, Callers callers) {
        this.jdbc = jdbc;
        this.readers = readers;
        this.callers = callers;
    }

    /** A share as its owner and its recipient see it. */
    record ShareView(@Schema(example = "00000000-0000-4000-8000-000000000002") String shareId,
                     @Schema(description = "the owner's member id", example = "00000000-0000-4000-8000-000000000001") String ownerId,
                     @Schema(description = "the recipient's member id", example = "00000000-0000-4000-8000-000000000003") String recipientId,
                     @Schema(example = "doc:example-1") String itemRef,
                     @Schema(description = "absent once the owner is forgotten", example = "An example item") String itemTitle,
                     @Schema(description = "absent when none was given, or once the owner is forgotten", example = "a note")
                     String note,
                     @Schema(description = "VIEW, COMMENT or EDIT", example = "VIEW") String permission,
                     @Schema(description = "OFFERED, ACCEPTED, DECLINED, REVOKED or EXPIRED", example = "OFFERED") String status,
                     @Schema(description = "why it was revoked; absent unless REVOKED") String revocationReason,
                     @Schema(description = "the owner's explanation of a revocation, if any; absent once the owner is forgotten") String revocationExplanation,
                     @Schema(example = "2026-01-02T03:04:05Z") Instant offeredAt,
                     @Schema(example = "2026-01-02T03:04:05Z") Instant updatedAt,
                     @Schema(description = "absent when the offer does not expire") Instant expiresAt,
                     @Schema(description = "the share aggregate's version, as the write side answered it", example = "0")
                     long version) {
    }

    @Operation(operationId = "getShare", summary = "A share the caller owns or receives; any other answers 404, so existence does not leak")
    @Rejects(status = 403, codes = "not-registered")
    @GetMapping("/api/v1/shares/{shareId}")
    ResponseEntity<ShareView> share(
            Caller caller, @PathVariable UUID shareId,
            @Parameter(description = "wait (bounded, 5 s by default) until the share has this version; if it does not, the answer is the current one with Projection-Stale: true")
            @RequestParam(required = false) Long minVersion,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        MemberId self = callers.awaitRegistered(caller, minVersion != null).requireMember();
        boolean stale = minVersion != null
                && !readers.await(ShareProjection.READ_MODEL, self, shareId.toString(), minVersion);
        Optional<ShareView> found = jdbc.query(BY_ID, VIEW, shareId)
                .stream().findFirst();
        ShareView view = found
                .filter(s -> s.ownerId().equals(self.toString()) || s.recipientId().equals(self.toString()))
                .orElseThrow(QueryRejection::notFound);
        return Conditional.single(view, view.version(), ifNoneMatch, stale);
    }

    @Operation(operationId = "listShares", summary = "The caller's shares, outgoing (owned) or incoming (received), keyset-paginated by offer time")
    @Rejects(status = 400, codes = "invalid-parameter")
    @Rejects(status = 403, codes = {"not-registered", "not-own-member"})
    @GetMapping("/api/v1/members/{memberId}/shares")
    ResponseEntity<Page<ShareView>> shares(
            Caller caller, @PathVariable UUID memberId,
            @Parameter(description = "outgoing (the caller owns them) or incoming (the caller receives them)",
                    schema = @Schema(type = "string", allowableValues = {"outgoing", "incoming"}, defaultValue = "outgoing")) @RequestParam(defaultValue = "outgoing") String direction,
            @Parameter(description = "only shares with this status; all when absent",
                    schema = @Schema(allowableValues = {"OFFERED", "ACCEPTED", "DECLINED", "REVOKED", "EXPIRED"})) @RequestParam(required = false) String status,
            @Parameter(description = "by offer time, oldest first (offeredAt) or newest first (-offeredAt)",
                    schema = @Schema(type = "string", allowableValues = {"offeredAt", "-offeredAt"}, defaultValue = "-offeredAt")) @RequestParam(defaultValue = "-offeredAt") String sort,
            @RequestParam(required = false) String cursor,
            @Parameter(description = "page size, at least 1; default 20; more than 100 is served as 100",
                    schema = @Schema(type = "integer", format = "int32", minimum = "1", defaultValue = "20")) @RequestParam(required = false) Integer limit,
            @Parameter(description = "<aggregateId>:<version> of the caller's own write: wait (bounded, 5 s by default) until the read model has applied it; if it does not, the answer is the current one with Projection-Stale: true", example = "00000000-0000-4000-8000-000000000002:1")
            @RequestParam(required = false) String waitFor) {
        callers.awaitRegistered(caller, waitFor != null).requireSelf(new MemberId(memberId));
        String party = DIRECTIONS.get(direction);
        if (party == null) {
            throw QueryRejection.invalid("direction", "direction must be outgoing or incoming.");
        }
        if (status != null && !STATUSES.contains(status)) {
            throw QueryRejection.invalid("status", "status must be one of OFFERED, ACCEPTED, DECLINED, REVOKED, EXPIRED.");
        }
        boolean ascending = switch (sort) {
            case "offeredAt" -> true;
            case "-offeredAt" -> false;
            default -> throw QueryRejection.invalid("sort", "sort must be offeredAt or -offeredAt.");
        };
        Cursor after = Cursor.decode(cursor);
        int size = Cursor.limit(limit);
        WaitFor wait = WaitFor.parse(waitFor);
        boolean stale = wait != null && !readers.await(ShareProjection.READ_MODEL, new MemberId(memberId), wait.aggregateId(), wait.version());

        List<Object> args = new ArrayList<>(List.of(memberId));
        if (status != null) {
            args.add(status);
        }
        if (after != null) {
            args.add(utc(after.at()));
            args.add(after.uuidId());
        }
        args.add(size + 1);
        List<ShareView> rows = jdbc.query(listSql(party, status != null, after != null, ascending), VIEW, args.toArray());
        String next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            ShareView last = rows.get(size - 1);
            next = new Cursor(last.offeredAt(), last.shareId()).encode();
        }
        return Conditional.list(new Page<>(List.copyOf(rows), next), stale);
    }

    /**
     * The shares list statement; parameters in order: member id, [status], [cursor offered_at,
     * cursor share_id], limit.
     */
    static String listSql(String party, boolean byStatus, boolean afterCursor, boolean ascending) {
        StringBuilder sql = new StringBuilder("select * from share_view where ").append(party).append(" = ?");
        if (byStatus) {
            sql.append(" and status = ?");
        }
        if (afterCursor) {
            sql.append(ascending ? " and (offered_at, share_id) > (?, ?)" : " and (offered_at, share_id) < (?, ?)");
        }
        String order = ascending ? "asc" : "desc";
        sql.append(" order by offered_at ").append(order).append(", share_id ").append(order).append(" limit ?");
        return sql.toString();
    }
}
