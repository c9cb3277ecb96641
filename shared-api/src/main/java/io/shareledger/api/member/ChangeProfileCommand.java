package io.shareledger.api.member;

import io.shareledger.api.MemberId;
import io.shareledger.api.privacy.DataSubject;
import io.shareledger.api.privacy.PersonalData;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** {@code expectedVersion} is optional: when present, a stale version is a conflict. */
public record ChangeProfileCommand(
        @TargetAggregateIdentifier @DataSubject MemberId memberId,
        @PersonalData String displayName,
        @PersonalData String email,
        @TargetAggregateVersion Long expectedVersion) {
}
