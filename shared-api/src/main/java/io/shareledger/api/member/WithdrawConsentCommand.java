package io.shareledger.api.member;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

public record WithdrawConsentCommand(
        @TargetAggregateIdentifier MemberId memberId,
        ConsentId consentId,
        @TargetAggregateVersion Long expectedVersion) {
}
