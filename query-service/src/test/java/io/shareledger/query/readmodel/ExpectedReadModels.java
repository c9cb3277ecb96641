package io.shareledger.query.readmodel;

import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentWithdrawnEvent;
import io.shareledger.api.member.ErasureRequester;
import io.shareledger.api.member.MemberEvent;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.api.share.RevocationReason;
import io.shareledger.api.share.ShareAcceptedEvent;
import io.shareledger.api.share.ShareDeclinedEvent;
import io.shareledger.api.share.ShareEvent;
import io.shareledger.api.share.ShareExpiredEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.ShareRevokedEvent;
import io.shareledger.query.support.RandomHistory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the four read models must hold after a history: a plain fold of the events in their global
 * order, written without the appliers' code (no positions, no batches, no database). In global order
 * an account's earlier member is always forgotten before it registers again, so the digest simply
 * goes to the newest registration.
 */
final class ExpectedReadModels {

    record Profile(UUID memberId, String subjectDigest, String handle, String displayName, String email, String status,
                   Instant registeredAt, Instant updatedAt, long version) {
    }

    record Consent(UUID consentId, UUID memberId, String purpose, Instant grantedAt, Instant expiresAt, String status,
                   Instant endedAt) {
    }

    record Share(UUID shareId, UUID ownerId, UUID recipientId, String itemRef, String itemTitle, String note,
                 String permission, String status, String revocationReason, String revocationNote, Instant offeredAt,
                 Instant updatedAt, Instant expiresAt, long version) {
    }

    record HistoryEntry(UUID memberId, Instant occurredAt, String eventType, String actor, String aggregateId,
                        long sequenceNumber) {
    }

    final Map<UUID, Profile> profiles = new LinkedHashMap<>();
    final Map<UUID, Consent> consents = new LinkedHashMap<>();
    final Map<UUID, Share> shares = new LinkedHashMap<>();
    final Set<UUID> forgottenOwners = new HashSet<>();
    final Set<HistoryEntry> history = new HashSet<>();
    /** Every read model records the last sequence of every aggregate it received: all of them. */
    final Map<String, Long> positions = new HashMap<>();

    static ExpectedReadModels of(List<RandomHistory.Event> events) {
        ExpectedReadModels expected = new ExpectedReadModels();
        events.forEach(expected::fold);
        return expected;
    }

    private void fold(RandomHistory.Event e) {
        positions.put(e.aggregateId(), e.sequence());
        Object payload = e.payload();
        Instant at = e.at();
        long seq = e.sequence();
        if (payload instanceof MemberEvent event) {
            UUID member = event.memberId().value();
            history.add(new HistoryEntry(member, at, name(event), memberActor(event), e.aggregateId(), seq));
            Profile p = profiles.get(member);
            if (event instanceof MemberRegisteredEvent r) {
                profiles.put(member, new Profile(member, sha256(r.subject()), r.handle(), r.displayName(), r.email(),
                        "ACTIVE", at, at, seq));
            } else if (event instanceof ProfileChangedEvent c) {
                profiles.put(member, new Profile(member, p.subjectDigest(), p.handle(), c.displayName(), c.email(),
                        p.status(), p.registeredAt(), at, seq));
            } else if (event instanceof MemberForgottenEvent) {
                profiles.put(member, new Profile(member, null, null, null, null, "FORGOTTEN", p.registeredAt(), at, seq));
                forgottenOwners.add(member);
                shares.replaceAll((id, s) -> s.ownerId().equals(member) ? new Share(s.shareId(), s.ownerId(),
                        s.recipientId(), s.itemRef(), null, null, s.permission(), s.status(), s.revocationReason(),
                        null, s.offeredAt(), s.updatedAt(), s.expiresAt(), s.version()) : s);
            } else {
                touch(p, member, at, seq);
                if (event instanceof ConsentGrantedEvent g) {
                    consents.put(g.consentId().value(), new Consent(g.consentId().value(), member, g.purpose().name(),
                            at, g.expiresAt(), "ACTIVE", null));
                } else if (event instanceof ConsentWithdrawnEvent w) {
                    end(w.consentId().value(), "WITHDRAWN", at);
                } else if (event instanceof ConsentExpiredEvent x) {
                    Consent c = consents.get(x.consentId().value());
                    end(x.consentId().value(), "EXPIRED",
                            c.expiresAt() != null && c.expiresAt().isBefore(at) ? c.expiresAt() : at);
                }
            }
        } else if (payload instanceof ShareEvent event) {
            UUID id = event.shareId().value();
            String actor = shareActor(event);
            history.add(new HistoryEntry(event.ownerId().value(), at, name(event), actor, e.aggregateId(), seq));
            history.add(new HistoryEntry(event.recipientId().value(), at, name(event), actor, e.aggregateId(), seq));
            Share s = shares.get(id);
            boolean erased = forgottenOwners.contains(event.ownerId().value());
            if (event instanceof ShareOfferedEvent o) {
                shares.put(id, new Share(id, o.ownerId().value(), o.recipientId().value(), o.itemRef(),
                        erased ? null : o.itemTitle(), erased ? null : o.note(), o.permission().name(), "OFFERED",
                        null, null, at, at, o.expiresAt(), seq));
            } else if (event instanceof ShareRevokedEvent r) {
                shares.put(id, withStatus(s, "REVOKED", r.reason().name(), erased ? null : r.explanation(), at, seq));
            } else {
                String status = event instanceof ShareAcceptedEvent ? "ACCEPTED"
                        : event instanceof ShareDeclinedEvent ? "DECLINED" : "EXPIRED";
                shares.put(id, withStatus(s, status, null, null, at, seq));
            }
        }
    }

    private void touch(Profile p, UUID member, Instant at, long seq) {
        profiles.put(member, new Profile(member, p.subjectDigest(), p.handle(), p.displayName(), p.email(), p.status(),
                p.registeredAt(), at, seq));
    }

    private void end(UUID consentId, String status, Instant at) {
        Consent c = consents.get(consentId);
        if (c.status().equals("ACTIVE")) {
            consents.put(consentId, new Consent(c.consentId(), c.memberId(), c.purpose(), c.grantedAt(), c.expiresAt(),
                    status, at));
        }
    }

    private static Share withStatus(Share s, String status, String reason, String note, Instant at, long seq) {
        return new Share(s.shareId(), s.ownerId(), s.recipientId(), s.itemRef(), s.itemTitle(), s.note(), s.permission(),
                status, reason, note, s.offeredAt(), at, s.expiresAt(), seq);
    }

    private static String memberActor(MemberEvent event) {
        if (event instanceof ConsentExpiredEvent) {
            return "system";
        }
        if (event instanceof MemberForgottenEvent f && f.requestedBy() == ErasureRequester.PRIVACY_OFFICER) {
            return "privacy-officer";
        }
        return event.memberId().toString();
    }

    private static String shareActor(ShareEvent event) {
        if (event instanceof ShareAcceptedEvent || event instanceof ShareDeclinedEvent) {
            return event.recipientId().toString();
        }
        if (event instanceof ShareExpiredEvent) {
            return "system";
        }
        if (event instanceof ShareRevokedEvent r && r.reason() != RevocationReason.OWNER) {
            return "system";
        }
        return event.ownerId().toString();
    }

    private static String name(Object event) {
        return event.getClass().getSimpleName().replaceFirst("Event$", "");
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : hash) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
