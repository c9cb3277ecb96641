package io.shareledger.api.member;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

public record GrantConsentCommand(
        @TargetAggregateIdentifier MemberId memberId,
        ConsentId consentId,
        ConsentPurpose purpose,
        Instant expiresAt,
        @TargetAggregateVersion Long expectedVersion) {
}
