package io.shareledger.api.member;

import io.shareledger.api.MemberId;
import io.shareledger.api.privacy.DataSubject;
import io.shareledger.api.privacy.PersonalData;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RegisterMemberCommand(
        @TargetAggregateIdentifier @DataSubject MemberId memberId,
        @PersonalData String subject,
        @PersonalData String handle,
        @PersonalData String displayName,
        @PersonalData String email) {
}
