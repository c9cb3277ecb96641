package io.shareledger.command.export;

import io.shareledger.command.web.Rejects;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/**
 * Internal: tells the query service whether a member takes part in an aggregate (is that member, or
 * owns or receives that share), so that its read-your-writes waits wait only for what the caller
 * may read, even before the read model has the aggregate. 204 yes, 404 no, for an unknown aggregate
 * too (its problem body is written by the container, ContainerErrors). Answered from the member directory's tables, which are written in the transaction of the
 * event itself: a write the member was answered for is known here. Only the key-service token gets
 * here (SecurityConfig); not part of the public API.
 */
@RestController
@Tag(name = "internal")
class PartyController {

    private static final String TAKES_PART = """
            select exists (select 1 from member_account where member_id = :member and member_id = :aggregate)
                or exists (select 1 from member_share where member_id = :member and share_id = :aggregate)
            """;

    private final JdbcClient jdbc;

    PartyController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Operation(summary = "Whether a member takes part in an aggregate (is it, or owns or receives that share)",
            description = "Asked by the query service before it lets a member wait (read-your-writes) for an aggregate its "
                    + "read model does not know yet: 204 when the member is that aggregate or a party to that share; 404 "
                    + "otherwise, the same for an aggregate that does not exist, so that the answer tells nothing more.")
    @ApiResponse(responseCode = "204", description = "The member takes part")
    @Rejects(status = 404, codes = "the member takes no part, or the aggregate is unknown")
    @GetMapping("/internal/v1/members/{memberId}/aggregates/{aggregateId}")
    ResponseEntity<Void> takesPart(@PathVariable UUID memberId, @PathVariable UUID aggregateId) {
        boolean party = jdbc.sql(TAKES_PART).param("member", memberId).param("aggregate", aggregateId)
                .query(Boolean.class).single();
        return party ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }
}
