package io.shareledger.command.member;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.member.ChangeProfileCommand;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.member.DataAccessScope;
import io.shareledger.api.member.ErasureRequester;
import io.shareledger.api.member.ForgetMemberCommand;
import io.shareledger.api.member.GrantConsentCommand;
import io.shareledger.api.member.RecordDataAccessCommand;
import io.shareledger.api.member.RegisterMemberCommand;
import io.shareledger.api.member.WithdrawConsentCommand;
import io.shareledger.command.idempotency.CommandSender;
import io.shareledger.command.web.ApiHeaders;
import io.shareledger.command.web.Caller;
import io.shareledger.command.web.IfMatch;
import io.shareledger.command.web.PlainText;
import io.shareledger.command.web.Rejects;
import io.shareledger.command.web.WriteResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import io.shareledger.command.web.ReasonableExpiry;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1/members")
@Tag(name = "members")
class MemberController {

    private final CommandSender sender;
    private final ErasureReceipts receipts;

    MemberController(CommandSender sender, ErasureReceipts receipts) {
        this.sender = sender;
        this.receipts = receipts;
    }

    record RegisterRequest(
            @NotNull @Pattern(regexp = Handles.PATTERN, message = "must be 3 to 30 lower-case letters, digits or underscores") String handle,
            @NotBlank @Size(max = 100) @PlainText String displayName,
            @NotBlank @Email @Size(max = 254) @PlainText String email) {
    }

    record ProfileRequest(
            @NotBlank @Size(max = 100) @PlainText String displayName,
            @NotBlank @Email @Size(max = 254) @PlainText String email) {
    }

    record DataAccessRequest(@NotNull DataAccessScope scope, @NotBlank @Size(max = 500) @PlainText(multiline = true) String reason) {
    }

    record ConsentRequest(@NotNull ConsentPurpose purpose, @ReasonableExpiry Instant expiresAt) {
    }

    @Operation(summary = "Register the caller as a new member",
            description = "Creates a member with a new random id, linked to the token's subject. One member per subject.")
    @Rejects(status = 409, codes = {"already-registered", "handle-taken"})
    @Rejects(status = 422, codes = "invalid-handle")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<WriteResponse> register(@Valid @RequestBody RegisterRequest request, Caller caller,
                                           @RequestHeader(name = ApiHeaders.IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
        MemberId memberId = MemberId.random();
        WriteResponse response = sender.send(
                new RegisterMemberCommand(memberId, caller.subject(), request.handle(), request.displayName(), request.email()),
                memberId.toString(), caller, idempotencyKey, "POST /api/v1/members", request);
        return ResponseEntity.created(URI.create("/api/v1/members/" + response.id())).body(response);
    }

    @Operation(summary = "Change the caller's profile")
    @Rejects(status = 403, codes = {"not-own-member", "not-registered"})
    @PutMapping("/{memberId}/profile")
    WriteResponse changeProfile(@PathVariable UUID memberId, @Valid @RequestBody ProfileRequest request, Caller caller,
                                @RequestHeader(name = ApiHeaders.IF_MATCH, required = false) String ifMatch) {
        MemberId member = new MemberId(memberId);
        caller.requireSelf(member);
        return sender.send(new ChangeProfileCommand(member, request.displayName(), request.email(),
                IfMatch.expectedVersion(ifMatch)), member.toString(), caller, null, null, null);
    }

    @Operation(summary = "Grant a consent", description = "At most one active consent per purpose.")
    @Rejects(status = 403, codes = {"not-own-member", "not-registered"})
    @Rejects(status = 409, codes = "consent-already-active")
    @Rejects(status = 422, codes = "expiry-in-past")
    @PostMapping("/{memberId}/consents")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<WriteResponse> grantConsent(@PathVariable UUID memberId, @Valid @RequestBody ConsentRequest request,
                                               Caller caller, @RequestHeader(name = ApiHeaders.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
                                               @RequestHeader(name = ApiHeaders.IF_MATCH, required = false) String ifMatch) {
        MemberId member = new MemberId(memberId);
        caller.requireSelf(member);
        ConsentId consentId = ConsentId.random();
        WriteResponse response = sender.send(
                new GrantConsentCommand(member, consentId, request.purpose(), request.expiresAt(), IfMatch.expectedVersion(ifMatch)),
                consentId.toString(), caller, idempotencyKey, "POST /api/v1/members/" + member + "/consents", request);
        return ResponseEntity.created(URI.create("/api/v1/members/" + member + "/consents/" + response.id())).body(response);
    }

    @Operation(summary = "Withdraw a consent", description = "Open shares that depend on it are revoked.")
    @Rejects(status = 403, codes = {"not-own-member", "not-registered"})
    @Rejects(status = 422, codes = "consent-not-active")
    @DeleteMapping("/{memberId}/consents/{consentId}")
    WriteResponse withdrawConsent(@PathVariable UUID memberId, @PathVariable UUID consentId, Caller caller,
                                  @RequestHeader(name = ApiHeaders.IF_MATCH, required = false) String ifMatch) {
        MemberId member = new MemberId(memberId);
        caller.requireSelf(member);
        return sender.send(new WithdrawConsentCommand(member, new ConsentId(consentId), IfMatch.expectedVersion(ifMatch)),
                consentId.toString(), caller, null, null, null);
    }

    @Operation(summary = "Record a privacy officer's access to a member's data",
            description = "Privacy officers only. The query service records each history or export read by an officer "
                    + "here before it answers; the record (who, what, why; when) becomes part of the member's history, "
                    + "also for a forgotten member.")
    @PostMapping("/{memberId}/data-access")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<WriteResponse> recordDataAccess(@PathVariable UUID memberId, @Valid @RequestBody DataAccessRequest request,
                                                   Caller caller) {
        MemberId member = new MemberId(memberId);
        WriteResponse response = sender.send(
                new RecordDataAccessCommand(member, caller.subject(), request.scope(), request.reason()),
                member.toString(), caller, null, null, null);
        return ResponseEntity.created(URI.create("/api/v1/members/" + member)).body(response);
    }

    @Operation(summary = "Request erasure of a member (right to be forgotten)",
            description = "By the member itself or a privacy officer. Answers a receipt: when, at which version, and "
                    + "what was erased where (no personal data). All shares of the member are revoked.")
    @Rejects(status = 403, codes = {"not-own-member", "not-registered", "role-required"})
    @Rejects(status = 422, codes = "member-forgotten")
    @PostMapping("/{memberId}/erasure")
    ErasureReceipt erase(@PathVariable UUID memberId, Caller caller, @RequestHeader(name = ApiHeaders.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
                         @RequestHeader(name = ApiHeaders.IF_MATCH, required = false) String ifMatch) {
        MemberId member = new MemberId(memberId);
        String requestLine = "POST /api/v1/members/" + member + "/erasure";
        // a retry after success: the erasure unlinked the member's account, so authorization would now refuse it
        WriteResponse written = sender.earlierAnswer(caller, idempotencyKey, requestLine, null).orElseGet(() -> {
            ErasureRequester requester = requester(caller, member);
            return sender.send(new ForgetMemberCommand(member, requester, IfMatch.expectedVersion(ifMatch)),
                    member.toString(), caller, idempotencyKey, requestLine, null);
        });
        return receipts.of(member, written.version());
    }

    private static ErasureRequester requester(Caller caller, MemberId member) {
        if (caller.hasRole(Caller.PRIVACY_OFFICER) && !caller.memberId().map(member::equals).orElse(false)) {
            return ErasureRequester.PRIVACY_OFFICER;
        }
        caller.requireSelf(member);
        return ErasureRequester.SELF;
    }
}
