package io.shareledger.command.support;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.command.member.MemberDirectory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link MemberDirectory} for fixture tests, answering as the JDBC directory does: only live
 * members are known, and a consent is active until it is withdrawn, expires or its member is
 * forgotten (an expiry equal to {@code now} counts as ended).
 */
public final class InMemoryMemberDirectory implements MemberDirectory {

    private record Account(String subject, String handle) {
    }

    private record Consent(MemberId memberId, ConsentPurpose purpose, Instant expiresAt) {

        boolean activeAt(Instant now) {
            return expiresAt == null || expiresAt.isAfter(now);
        }
    }

    private final Map<MemberId, Account> accounts = new LinkedHashMap<>();
    private final Map<ConsentId, Consent> consents = new LinkedHashMap<>();

    public InMemoryMemberDirectory register(MemberId memberId, String subject, String handle) {
        accounts.put(memberId, new Account(subject, handle));
        return this;
    }

    public InMemoryMemberDirectory grant(MemberId memberId, ConsentId consentId, ConsentPurpose purpose,
                                         Instant expiresAt) {
        consents.put(consentId, new Consent(memberId, purpose, expiresAt));
        return this;
    }

    public InMemoryMemberDirectory withdraw(ConsentId consentId) {
        consents.remove(consentId);
        return this;
    }

    public InMemoryMemberDirectory forget(MemberId memberId) {
        accounts.remove(memberId);
        consents.values().removeIf(consent -> consent.memberId().equals(memberId));
        return this;
    }

    @Override
    public boolean isHandleTaken(String handle) {
        return accounts.values().stream().anyMatch(account -> Objects.equals(account.handle(), handle));
    }

    @Override
    public Optional<MemberId> memberOfSubject(String subject) {
        return accounts.entrySet().stream()
                .filter(entry -> Objects.equals(entry.getValue().subject(), subject))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    @Override
    public boolean isLive(MemberId memberId) {
        return accounts.containsKey(memberId);
    }

    @Override
    public Optional<ConsentId> activeConsent(MemberId memberId, ConsentPurpose purpose, Instant now) {
        return consents.entrySet().stream()
                .filter(entry -> entry.getValue().memberId().equals(memberId)
                        && entry.getValue().purpose() == purpose
                        && entry.getValue().activeAt(now))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    @Override
    public boolean isConsentActive(ConsentId consentId, Instant now) {
        Consent consent = consents.get(consentId);
        return consent != null && consent.activeAt(now);
    }
}
