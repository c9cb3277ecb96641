package io.shareledger.api.share;

import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.privacy.DataSubject;
import io.shareledger.api.privacy.PersonalData;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Revokes a share. With reason {@link RevocationReason#OWNER} the {@code actorId} must be the
 * owner; the other reasons are issued by the system (no actor).
 */
public record RevokeShareCommand(
        @TargetAggregateIdentifier ShareId shareId,
        @DataSubject MemberId actorId,
        RevocationReason reason,
        @PersonalData String explanation,
        Long expectedVersion) {

    public static RevokeShareCommand bySystem(ShareId shareId, RevocationReason reason) {
        return new RevokeShareCommand(shareId, null, reason, null, null);
    }
}
