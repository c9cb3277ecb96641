package io.shareledger.api.share;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.privacy.DataSubject;
import io.shareledger.api.privacy.PersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The owner offered an item to the recipient. The share depends on the two consents named here;
 * when either ends, the share is revoked. {@code note} and {@code expiresAt} may be null.
 */
@Revision("1")
public record ShareOfferedEvent(
        ShareId shareId,
        @DataSubject MemberId ownerId,
        MemberId recipientId,
        String itemRef,
        @PersonalData String itemTitle,
        @PersonalData String note,
        SharePermission permission,
        Instant expiresAt,
        ConsentId ownerConsentId,
        ConsentId recipientConsentId) implements ShareEvent {
}
