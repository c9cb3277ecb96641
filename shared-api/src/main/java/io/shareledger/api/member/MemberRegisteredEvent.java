package io.shareledger.api.member;

import io.shareledger.api.MemberId;
import io.shareledger.api.privacy.DataSubject;
import io.shareledger.api.privacy.PersonalData;
import org.axonframework.serialization.Revision;

/**
 * A member joined. {@code subject} links the member to the identity provider's account and is
 * personal data: once the member is forgotten nothing in the log leads back to the account. The
 * handle is chosen by the person and often names them, so it is personal data too; uniqueness is
 * kept in the member directory, which forgets it with the member.
 */
@Revision("1")
public record MemberRegisteredEvent(
        @DataSubject MemberId memberId,
        @PersonalData String subject,
        @PersonalData String handle,
        @PersonalData String displayName,
        @PersonalData String email) implements MemberEvent {
}
