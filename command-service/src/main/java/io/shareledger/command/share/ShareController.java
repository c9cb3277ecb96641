package io.shareledger.command.share;

import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.share.AcceptShareCommand;
import io.shareledger.api.share.DeclineShareCommand;
import io.shareledger.api.share.OfferShareCommand;
import io.shareledger.api.share.RevocationReason;
import io.shareledger.api.share.RevokeShareCommand;
import io.shareledger.api.share.SharePermission;
import io.shareledger.command.idempotency.CommandSender;
import io.shareledger.command.web.ApiHeaders;
import io.shareledger.command.web.Caller;
import io.shareledger.command.web.IfMatch;
import io.shareledger.command.web.PlainText;
import io.shareledger.command.web.Rejects;
import io.shareledger.command.web.WriteResponse;
import io.swagger.v3.oas.annotations.Operation;
import org.axonframework.modelling.command.AggregateNotFoundException;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import io.shareledger.command.web.ReasonableExpiry;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1/shares")
@Tag(name = "shares")
class ShareController {

    private final CommandSender sender;

    ShareController(CommandSender sender) {
        this.sender = sender;
    }

    record OfferRequest(
            @NotNull UUID recipientId,
            @NotBlank @Size(max = 200) @PlainText String itemRef,
            @NotBlank @Size(max = 200) @PlainText String itemTitle,
            @Size(max = 1000) @PlainText(multiline = true) String note,
            @NotNull SharePermission permission,
            @ReasonableExpiry Instant expiresAt) {
    }

    record RevokeRequest(@Size(max = 500) @PlainText(multiline = true) String reason) {
    }

    @Operation(summary = "Offer an item to another member",
            description = "Needs the caller's active SHARE_ITEMS consent and the recipient's active RECEIVE_SHARES consent.")
    @Rejects(status = 403, codes = {"not-registered", "role-required"})
    @Rejects(status = 422, codes = {"self-share", "owner-consent-missing", "recipient-cannot-receive", "expiry-in-past"})
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<WriteResponse> offer(@Valid @RequestBody OfferRequest request, Caller caller,
                                        @RequestHeader(name = ApiHeaders.IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
        MemberId owner = caller.requireMember();
        ShareId shareId = ShareId.random();
        WriteResponse response = sender.send(
                new OfferShareCommand(shareId, owner, new MemberId(request.recipientId()), request.itemRef(),
                        request.itemTitle(), request.note(), request.permission(), request.expiresAt()),
                shareId.toString(), caller, idempotencyKey, "POST /api/v1/shares", request);
        return ResponseEntity.created(URI.create("/api/v1/shares/" + response.id())).body(response);
    }

    @Operation(summary = "Accept a share (recipient only)")
    @Rejects(status = 403, codes = {"not-recipient", "not-registered"})
    @Rejects(status = 404, codes = "share-not-found")
    @Rejects(status = 422, codes = {"share-not-offered", "consent-ended"})
    @PostMapping("/{shareId}/accept")
    WriteResponse accept(@PathVariable UUID shareId, Caller caller,
                         @RequestHeader(name = ApiHeaders.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
                         @RequestHeader(name = ApiHeaders.IF_MATCH, required = false) String ifMatch) {
        ShareId share = new ShareId(shareId);
        return sendToShare(new AcceptShareCommand(share, caller.requireMember(), IfMatch.expectedVersion(ifMatch)),
                share, caller, idempotencyKey, "/accept", null);
    }

    @Operation(summary = "Decline a share (recipient only)")
    @Rejects(status = 403, codes = {"not-recipient", "not-registered"})
    @Rejects(status = 404, codes = "share-not-found")
    @Rejects(status = 422, codes = "share-not-offered")
    @PostMapping("/{shareId}/decline")
    WriteResponse decline(@PathVariable UUID shareId, Caller caller,
                          @RequestHeader(name = ApiHeaders.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
                          @RequestHeader(name = ApiHeaders.IF_MATCH, required = false) String ifMatch) {
        ShareId share = new ShareId(shareId);
        return sendToShare(new DeclineShareCommand(share, caller.requireMember(), IfMatch.expectedVersion(ifMatch)),
                share, caller, idempotencyKey, "/decline", null);
    }

    @Operation(summary = "Revoke a share (owner only)")
    @Rejects(status = 403, codes = {"not-owner", "not-registered"})
    @Rejects(status = 404, codes = "share-not-found")
    @Rejects(status = 422, codes = "share-closed")
    @PostMapping("/{shareId}/revoke")
    WriteResponse revoke(@PathVariable UUID shareId, @Valid @RequestBody(required = false) RevokeRequest request,
                         Caller caller,
                         @RequestHeader(name = ApiHeaders.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
                         @RequestHeader(name = ApiHeaders.IF_MATCH, required = false) String ifMatch) {
        ShareId share = new ShareId(shareId);
        String explanation = request == null ? null : request.reason();
        return sendToShare(new RevokeShareCommand(share, caller.requireMember(), RevocationReason.OWNER, explanation,
                        IfMatch.expectedVersion(ifMatch)),
                share, caller, idempotencyKey, "/revoke", request);
    }

    /**
     * An unknown share answers exactly like a share the caller is no party to, so that nobody
     * learns which share ids exist.
     */
    private WriteResponse sendToShare(Object command, ShareId share, Caller caller, String idempotencyKey,
                                      String action, Object body) {
        try {
            return sender.send(command, share.toString(), caller, idempotencyKey,
                    "POST /api/v1/shares/" + share + action, body);
        } catch (AggregateNotFoundException unknown) {
            throw new ShareRejections.ShareNotFound();
        }
    }
}
