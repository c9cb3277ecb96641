package io.shareledger.api.member;

import io.shareledger.api.MemberId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

public record ForgetMemberCommand(
        @TargetAggregateIdentifier MemberId memberId,
        ErasureRequester requestedBy,
        @TargetAggregateVersion Long expectedVersion) {
}
