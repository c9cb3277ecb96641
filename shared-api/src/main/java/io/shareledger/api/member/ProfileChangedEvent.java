package io.shareledger.api.member;

import io.shareledger.api.MemberId;
import io.shareledger.api.privacy.DataSubject;
import io.shareledger.api.privacy.PersonalData;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ProfileChangedEvent(
        @DataSubject MemberId memberId,
        @PersonalData String displayName,
        @PersonalData String email) implements MemberEvent {
}
