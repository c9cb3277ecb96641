package io.shareledger.api.member;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.privacy.DataSubject;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A consent was granted; the grant time is the event's timestamp. {@code expiresAt} may be null. */
@Revision("1")
public record ConsentGrantedEvent(
        @DataSubject MemberId memberId,
        ConsentId consentId,
        ConsentPurpose purpose,
        Instant expiresAt) implements MemberEvent {
}
