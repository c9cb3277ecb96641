package io.shareledger.api.share;

import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.privacy.DataSubject;
import io.shareledger.api.privacy.PersonalData;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record OfferShareCommand(
        @TargetAggregateIdentifier ShareId shareId,
        @DataSubject MemberId ownerId,
        MemberId recipientId,
        String itemRef,
        @PersonalData String itemTitle,
        @PersonalData String note,
        SharePermission permission,
        Instant expiresAt) {
}
