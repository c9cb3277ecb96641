package io.shareledger.command.export;

import io.shareledger.api.MemberId;
import io.shareledger.api.member.DataAccessScope;
import io.shareledger.api.member.RecordDataAccessCommand;
import io.shareledger.command.idempotency.CommandSender;
import io.shareledger.command.web.Caller;
import io.shareledger.command.web.InvalidParameter;
import io.shareledger.command.web.TextPolicy;
import io.shareledger.command.web.Rejects;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

@RestController
@Tag(name = "members")
class ExportController {

    static final int MAX_REASON = 500;

    private final MemberExports exports;
    private final CommandSender sender;

    ExportController(MemberExports exports, CommandSender sender) {
        this.exports = exports;
        this.sender = sender;
    }

    @Operation(summary = "Export everything held about a member (GDPR Art. 15 and 20)",
            description = "The member itself, or a privacy officer giving `reason` (the read is first recorded as an "
                    + "event of the member). One JSON document as described by docs/export.schema.json, built from the "
                    + "event store: profile, consents with history, shares both ways, every event that concerns the "
                    + "member, decrypted, oldest first. Other members appear only by id.")
    @Rejects(status = 403, codes = {"not-own-member", "not-registered"})
    @GetMapping(value = "/api/v1/members/{memberId}/export", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<MemberExport> export(@PathVariable UUID memberId, Caller caller,
                                        @Parameter(description = "privacy officers only, required: why (audit trail)")
                                        @RequestParam(required = false) String reason) {
        MemberId member = new MemberId(memberId);
        if (caller.hasRole(Caller.PRIVACY_OFFICER) && !caller.memberId().map(member::equals).orElse(false)) {
            if (reason == null || reason.isBlank() || reason.length() > MAX_REASON) {
                throw new InvalidParameter("reason",
                        "A privacy officer must give the reason for the export, at most " + MAX_REASON + " characters.");
            }
            TextPolicy.check(reason, true).ifPresent(violation -> {
                throw new InvalidParameter("reason", "The reason " + violation.message() + ".");
            });
            sender.send(new RecordDataAccessCommand(member, caller.subject(), DataAccessScope.EXPORT, reason),
                    member.toString(), caller, null, null, null);
        } else {
            caller.requireSelf(member);
        }
        MemberExport export = exports.export(member)
                .orElseThrow(() -> new AggregateNotFoundException(member.toString(), "No such member"));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("shareledger-export-" + member + ".json").build().toString())
                .body(export);
    }
}
