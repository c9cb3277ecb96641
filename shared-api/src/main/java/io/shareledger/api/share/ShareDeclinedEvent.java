package io.shareledger.api.share;

import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.privacy.DataSubject;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ShareDeclinedEvent(
        ShareId shareId,
        MemberId ownerId,
        @DataSubject MemberId recipientId) implements ShareEvent {
}
