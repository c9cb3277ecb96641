package io.shareledger.api.share;

import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.privacy.DataSubject;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ShareExpiredEvent(
        ShareId shareId,
        @DataSubject MemberId ownerId,
        MemberId recipientId) implements ShareEvent {
}
