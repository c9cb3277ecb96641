package io.shareledger.api.member;

import io.shareledger.api.MemberId;
import io.shareledger.api.privacy.DataSubject;
import org.axonframework.serialization.Revision;

/** The member exercised the right to erasure; every later command on the member is refused. */
@Revision("1")
public record MemberForgottenEvent(
        @DataSubject MemberId memberId,
        ErasureRequester requestedBy) implements MemberEvent {
}
