package io.shareledger.query.history;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.member.ErasureRequester;
import io.shareledger.api.member.DataAccessScope;
import io.shareledger.api.member.MemberDataAccessedEvent;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.api.share.RevocationReason;
import io.shareledger.api.share.ShareAcceptedEvent;
import io.shareledger.api.share.ShareExpiredEvent;
import io.shareledger.api.share.ShareRevokedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryProjectionTest {

    private final MemberId owner = MemberId.random();
    private final MemberId recipient = MemberId.random();
    private final ShareId share = ShareId.random();

    @Test
    void theActorIsTheMemberThatCausedTheEventOrTheSystem() {
        assertThat(HistoryProjection.actor(new ProfileChangedEvent(owner, "n", "e"))).isEqualTo(owner.toString());
        assertThat(HistoryProjection.actor(new ConsentExpiredEvent(owner, ConsentId.random(), ConsentPurpose.SHARE_ITEMS)))
                .isEqualTo("system");
        assertThat(HistoryProjection.actor(new MemberForgottenEvent(owner, ErasureRequester.SELF))).isEqualTo(owner.toString());
        assertThat(HistoryProjection.actor(new MemberForgottenEvent(owner, ErasureRequester.PRIVACY_OFFICER)))
                .isEqualTo("privacy-officer");
        assertThat(HistoryProjection.actor(new MemberDataAccessedEvent(owner, "officer-7", DataAccessScope.EXPORT, "why")))
                .isEqualTo("privacy-officer");
        assertThat(HistoryProjection.actor(new ShareAcceptedEvent(share, owner, recipient))).isEqualTo(recipient.toString());
        assertThat(HistoryProjection.actor(new ShareExpiredEvent(share, owner, recipient))).isEqualTo("system");
        assertThat(HistoryProjection.actor(new ShareRevokedEvent(share, owner, recipient, RevocationReason.OWNER, null)))
                .isEqualTo(owner.toString());
        assertThat(HistoryProjection.actor(new ShareRevokedEvent(share, owner, recipient, RevocationReason.CONSENT_WITHDRAWN, null)))
                .isEqualTo("system");
    }

    @Test
    void theEventTypeIsTheEventNameWithoutItsSuffix() {
        assertThat(HistoryProjection.eventType(new ShareAcceptedEvent(share, owner, recipient))).isEqualTo("ShareAccepted");
    }
}
