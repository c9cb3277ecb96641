package io.shareledger.api.share;

import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code actorId} is the member acting; only the recipient may accept. */
public record AcceptShareCommand(
        @TargetAggregateIdentifier ShareId shareId,
        MemberId actorId,
        Long expectedVersion) {
}
