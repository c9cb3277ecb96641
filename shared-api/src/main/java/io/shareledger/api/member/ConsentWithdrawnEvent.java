package io.shareledger.api.member;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.privacy.DataSubject;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ConsentWithdrawnEvent(
        @DataSubject MemberId memberId,
        ConsentId consentId,
        ConsentPurpose purpose) implements MemberEvent {
}
