package io.shareledger.query.support;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.member.ConsentWithdrawnEvent;
import io.shareledger.api.member.ErasureRequester;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.api.share.RevocationReason;
import io.shareledger.api.share.ShareAcceptedEvent;
import io.shareledger.api.share.ShareDeclinedEvent;
import io.shareledger.api.share.ShareExpiredEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.SharePermission;
import io.shareledger.api.share.ShareRevokedEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A random but valid history of the domain, as the command side would write it: members register
 * (some again after being forgotten, with the same account), change profiles, grant, withdraw and
 * let consents expire; shares are offered only with both consents active, then accepted, declined,
 * revoked (by the owner, or by the system when a consent ends or a party is forgotten) or expire.
 * Events come in global order with strictly increasing timestamps (millisecond steps) and
 * per-aggregate sequence numbers from 0. The same seed gives the same history.
 */
public final class RandomHistory {

    /** One event of the history. */
    public record Event(String aggregateId, long sequence, Object payload, Instant at) {
    }

    /** A member of the history and the account (token subject) it registered with. */
    public record Member(MemberId id, String subject) {
    }

    private final Random random;
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Long> nextSequence = new HashMap<>();
    private final List<MemberState> members = new ArrayList<>();
    private final List<ShareState> shares = new ArrayList<>();
    private Instant clock;

    private static final class MemberState {
        final MemberId id;
        final String subject;
        boolean forgotten;
        final Map<ConsentPurpose, ConsentId> active = new EnumMap<>(ConsentPurpose.class);
        final Map<ConsentId, ConsentPurpose> purposes = new HashMap<>();

        MemberState(MemberId id, String subject) {
            this.id = id;
            this.subject = subject;
        }
    }

    private static final class ShareState {
        final ShareId id;
        final MemberState owner;
        final MemberState recipient;
        final ConsentId ownerConsent;
        final ConsentId recipientConsent;
        String status = "OFFERED";

        ShareState(ShareId id, MemberState owner, MemberState recipient, ConsentId ownerConsent, ConsentId recipientConsent) {
            this.id = id;
            this.owner = owner;
            this.recipient = recipient;
            this.ownerConsent = ownerConsent;
            this.recipientConsent = recipientConsent;
        }

        boolean open() {
            return status.equals("OFFERED") || status.equals("ACCEPTED");
        }
    }

    private RandomHistory(long seed, Instant start) {
        this.random = new Random(seed);
        this.clock = start;
    }

    /**
     * @param members how many members register first
     * @param steps   how many random commands follow
     * @param erasures how many members are forgotten along the way (and one of them registers again)
     */
    public static RandomHistory generate(long seed, int members, int steps, int erasures, Instant start) {
        RandomHistory history = new RandomHistory(seed, start);
        for (int i = 0; i < members; i++) {
            MemberState member = history.register("subject-" + seed + "-" + i);
            history.grant(member, ConsentPurpose.SHARE_ITEMS);
            history.grant(member, ConsentPurpose.RECEIVE_SHARES);
        }
        int forgotten = 0;
        for (int step = 0; step < steps; step++) {
            if (forgotten < erasures && step == (forgotten + 1) * steps / (erasures + 1)) {
                MemberState erased = history.forget();
                if (forgotten == 0 && erased != null) {
                    MemberState again = history.register(erased.subject);
                    history.grant(again, ConsentPurpose.SHARE_ITEMS);
                    history.grant(again, ConsentPurpose.RECEIVE_SHARES);
                }
                forgotten++;
                continue;
            }
            history.step();
        }
        return history;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<Member> members() {
        return members.stream().map(m -> new Member(m.id, m.subject)).toList();
    }

    public List<ShareId> shares() {
        return shares.stream().map(s -> s.id).toList();
    }

    private void step() {
        int dice = random.nextInt(100);
        if (dice < 35) {
            offer();
        } else if (dice < 55) {
            answer();
        } else if (dice < 63) {
            revokeByOwner();
        } else if (dice < 68) {
            expireShare();
        } else if (dice < 78) {
            MemberState member = live();
            if (member != null) {
                emit(member.id.toString(), new ProfileChangedEvent(member.id, text("Name"), text("mail") + "@example.org"));
            }
        } else if (dice < 86) {
            MemberState member = live();
            if (member != null) {
                ConsentPurpose purpose = random.nextBoolean() ? ConsentPurpose.SHARE_ITEMS : ConsentPurpose.RECEIVE_SHARES;
                if (!member.active.containsKey(purpose)) {
                    grant(member, purpose);
                }
            }
        } else {
            endConsent(dice < 93);
        }
    }

    private MemberState register(String subject) {
        MemberState member = new MemberState(new MemberId(uuid()), subject);
        members.add(member);
        String handle = "h" + Long.toHexString(random.nextLong());
        emit(member.id.toString(), new MemberRegisteredEvent(member.id, subject, handle, text("Display"),
                handle + "@example.org"));
        return member;
    }

    private void grant(MemberState member, ConsentPurpose purpose) {
        ConsentId consent = new ConsentId(uuid());
        // some expire soon: their expiry event, which may run late, ends them at the expiry time
        Instant expiresAt = switch (random.nextInt(4)) {
            case 0 -> clock.plus(Duration.ofDays(1 + random.nextInt(30)));
            case 1 -> clock.plusMillis(random.nextInt(2000));
            default -> null;
        };
        member.active.put(purpose, consent);
        member.purposes.put(consent, purpose);
        emit(member.id.toString(), new ConsentGrantedEvent(member.id, consent, purpose, expiresAt));
    }

    /** Withdraws or lets expire one active consent; the shares that depended on it are revoked by the system. */
    private void endConsent(boolean withdraw) {
        MemberState member = live();
        if (member == null || member.active.isEmpty()) {
            return;
        }
        List<ConsentPurpose> purposes = new ArrayList<>(member.active.keySet());
        ConsentPurpose purpose = purposes.get(random.nextInt(purposes.size()));
        ConsentId consent = member.active.remove(purpose);
        emit(member.id.toString(), withdraw
                ? new ConsentWithdrawnEvent(member.id, consent, purpose)
                : new ConsentExpiredEvent(member.id, consent, purpose));
        RevocationReason reason = withdraw ? RevocationReason.CONSENT_WITHDRAWN : RevocationReason.CONSENT_EXPIRED;
        for (ShareState share : shares) {
            if (share.open() && (consent.equals(share.ownerConsent) || consent.equals(share.recipientConsent))) {
                revoke(share, reason, null);
            }
        }
    }

    private MemberState forget() {
        MemberState member = live();
        if (member == null) {
            return null;
        }
        member.forgotten = true;
        member.active.clear();
        emit(member.id.toString(), new MemberForgottenEvent(member.id,
                random.nextBoolean() ? ErasureRequester.SELF : ErasureRequester.PRIVACY_OFFICER));
        for (ShareState share : shares) {
            if (share.open() && (share.owner == member || share.recipient == member)) {
                revoke(share, RevocationReason.MEMBER_FORGOTTEN, null);
            }
        }
        return member;
    }

    private void offer() {
        MemberState owner = live();
        MemberState recipient = live();
        if (owner == null || recipient == null || owner == recipient
                || !owner.active.containsKey(ConsentPurpose.SHARE_ITEMS)
                || !recipient.active.containsKey(ConsentPurpose.RECEIVE_SHARES)) {
            return;
        }
        ShareState share = new ShareState(new ShareId(uuid()), owner, recipient, owner.active.get(ConsentPurpose.SHARE_ITEMS),
                recipient.active.get(ConsentPurpose.RECEIVE_SHARES));
        shares.add(share);
        Instant expiresAt = random.nextInt(3) == 0 ? clock.plus(Duration.ofDays(1 + random.nextInt(10))) : null;
        emit(share.id.toString(), new ShareOfferedEvent(share.id, owner.id, recipient.id, "doc:" + share.id,
                text("Title 'quoted' \"too\""), random.nextBoolean() ? text("note") : null,
                SharePermission.values()[random.nextInt(SharePermission.values().length)], expiresAt,
                share.ownerConsent, share.recipientConsent));
    }

    private void answer() {
        ShareState share = pick("OFFERED");
        if (share == null) {
            return;
        }
        boolean accept = random.nextInt(3) > 0;
        share.status = accept ? "ACCEPTED" : "DECLINED";
        emit(share.id.toString(), accept
                ? new ShareAcceptedEvent(share.id, share.owner.id, share.recipient.id)
                : new ShareDeclinedEvent(share.id, share.owner.id, share.recipient.id));
    }

    private void revokeByOwner() {
        ShareState share = pick(null);
        if (share != null) {
            revoke(share, RevocationReason.OWNER, random.nextBoolean() ? text("because") : null);
        }
    }

    private void expireShare() {
        ShareState share = pick(null);
        if (share != null) {
            share.status = "EXPIRED";
            emit(share.id.toString(), new ShareExpiredEvent(share.id, share.owner.id, share.recipient.id));
        }
    }

    private void revoke(ShareState share, RevocationReason reason, String explanation) {
        share.status = "REVOKED";
        emit(share.id.toString(), new ShareRevokedEvent(share.id, share.owner.id, share.recipient.id, reason, explanation));
    }

    /** A random open share (of the given status, or any open one); null if there is none. */
    private ShareState pick(String status) {
        List<ShareState> candidates = shares.stream()
                .filter(s -> status == null ? s.open() : s.status.equals(status)).toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    /** A random member that is not forgotten; null if there is none. */
    private MemberState live() {
        List<MemberState> candidates = members.stream().filter(m -> !m.forgotten).toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private String text(String prefix) {
        return prefix + " " + Integer.toString(random.nextInt(1_000_000), 36);
    }

    private void emit(String aggregateId, Object payload) {
        long sequence = nextSequence.merge(aggregateId, 1L, Long::sum) - 1;
        clock = clock.plusMillis(1 + random.nextInt(50));
        events.add(new Event(aggregateId, sequence, payload, clock));
    }

    /** Ids from the seed too, so that a seed names one history. */
    private UUID uuid() {
        return new UUID(random.nextLong(), random.nextLong());
    }
}
