package io.shareledger.command.member;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.member.ConsentPurpose;

import java.time.Instant;
import java.util.Optional;

/**
 * What the write side knows across aggregates: which handles and accounts are taken by live
 * members and which consents are active. Kept in the event store's database and updated in the
 * same transaction as the events, so that a rule checked here cannot be outrun by a concurrent
 * command (the database's unique constraints settle races).
 */
public interface MemberDirectory {

    boolean isHandleTaken(String handle);

    Optional<MemberId> memberOfSubject(String subject);

    boolean isLive(MemberId memberId);

    /** The member's consent for the purpose that is active at {@code now}, if any. */
    Optional<ConsentId> activeConsent(MemberId memberId, ConsentPurpose purpose, Instant now);

    boolean isConsentActive(ConsentId consentId, Instant now);
}
