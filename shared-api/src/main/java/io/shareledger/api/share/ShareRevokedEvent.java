package io.shareledger.api.share;

import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.privacy.DataSubject;
import io.shareledger.api.privacy.PersonalData;
import org.axonframework.serialization.Revision;

/** {@code explanation} is the owner's optional free text; system revocations carry none. */
@Revision("1")
public record ShareRevokedEvent(
        ShareId shareId,
        @DataSubject MemberId ownerId,
        MemberId recipientId,
        RevocationReason reason,
        @PersonalData String explanation) implements ShareEvent {
}
