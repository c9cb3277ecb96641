package io.shareledger.api.member;

import io.shareledger.api.MemberId;
import io.shareledger.api.privacy.DataSubject;
import io.shareledger.api.privacy.PersonalData;
import org.axonframework.serialization.Revision;

/**
 * A privacy officer read the member's history or export: who, what and why; when is the event's
 * time. Part of the member's own history, and recorded even after the member was forgotten.
 */
@Revision("1")
public record MemberDataAccessedEvent(
        @DataSubject MemberId memberId,
        String accessedBy,
        DataAccessScope scope,
        @PersonalData String reason) implements MemberEvent {
}
