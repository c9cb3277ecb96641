package io.shareledger.infra.bench;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.member.ConsentWithdrawnEvent;
import io.shareledger.api.member.DataAccessScope;
import io.shareledger.api.member.ErasureRequester;
import io.shareledger.api.member.MemberDataAccessedEvent;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.api.share.RevocationReason;
import io.shareledger.api.share.ShareAcceptedEvent;
import io.shareledger.api.share.ShareDeclinedEvent;
import io.shareledger.api.share.ShareExpiredEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.ShareRevokedEvent;
import io.shareledger.api.share.SharePermission;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A reproducible, plausible history of every event kind, in an order the write side could have
 * produced: members register and grant both consents, change profiles, have their data read by a
 * privacy officer, offer shares to each other;
 * shares are accepted, declined, revoked or expire; some consents are withdrawn or expire; a few
 * members are forgotten at the end. Each aggregate's events carry contiguous sequence numbers.
 */
public final class SyntheticHistory {

    /** One event of an aggregate, as the event store would hold it. */
    public record Event(String aggregateType, String aggregateId, long sequence, Object payload, Instant at) {
    }

    private final Random random;
    private final Map<String, Long> sequences = new HashMap<>();
    private Instant clock = Instant.parse("2026-01-01T00:00:00Z");

    public SyntheticHistory(long seed) {
        this.random = new Random(seed);
    }

    /** Emits about {@code events} events (a few more, to finish the last round) to {@code sink}. */
    public long generate(long events, Consumer<Event> sink) {
        long[] emitted = {0};
        Consumer<Event> counting = event -> {
            emitted[0]++;
            sink.accept(event);
        };
        List<MemberId> members = new ArrayList<>();
        while (emitted[0] < events) {
            round(members, counting);
        }
        Set<MemberId> forgotten = new HashSet<>();
        while (forgotten.size() < Math.max(1, members.size() / 200)) {
            MemberId member = members.get(random.nextInt(members.size()));
            if (forgotten.add(member)) {
                member(member, new MemberForgottenEvent(member, ErasureRequester.SELF), counting);
            }
        }
        return emitted[0];
    }

    /** Ten new members, their consents and profiles, and about twenty shares among recent members. */
    private void round(List<MemberId> members, Consumer<Event> sink) {
        for (int i = 0; i < 10; i++) {
            MemberId member = new MemberId(new UUID(random.nextLong(), random.nextLong()));
            String name = "member-" + Long.toHexString(random.nextLong());
            member(member, new MemberRegisteredEvent(member, "subject-" + member.value(), name,
                    "Member " + name, name + "@example.org"), sink);
            member(member, new ConsentGrantedEvent(member, consent(), ConsentPurpose.SHARE_ITEMS, null), sink);
            member(member, new ConsentGrantedEvent(member, consent(), ConsentPurpose.RECEIVE_SHARES,
                    random.nextInt(10) == 0 ? clock.plus(Duration.ofDays(30)) : null), sink);
            if (random.nextInt(3) == 0) {
                member(member, new ProfileChangedEvent(member, "Renamed " + name, name + "@example.net"), sink);
            }
            if (random.nextInt(20) == 0) {
                member(member, new MemberDataAccessedEvent(member, "officer-1", DataAccessScope.HISTORY,
                        "Request " + Long.toHexString(random.nextLong())), sink);
            }
            members.add(member);
        }
        for (int i = 0; i < 20; i++) {
            MemberId owner = recent(members);
            MemberId recipient = recent(members);
            if (!owner.equals(recipient)) {
                share(owner, recipient, sink);
            }
        }
        MemberId member = recent(members);
        ConsentId consent = consent();
        member(member, new ConsentGrantedEvent(member, consent, ConsentPurpose.RECEIVE_SHARES, clock.plusSeconds(60)), sink);
        if (random.nextBoolean()) {
            member(member, new ConsentWithdrawnEvent(member, consent, ConsentPurpose.RECEIVE_SHARES), sink);
        } else {
            member(member, new ConsentExpiredEvent(member, consent, ConsentPurpose.RECEIVE_SHARES), sink);
        }
    }

    private void share(MemberId owner, MemberId recipient, Consumer<Event> sink) {
        ShareId share = new ShareId(new UUID(random.nextLong(), random.nextLong()));
        SharePermission permission = SharePermission.values()[random.nextInt(SharePermission.values().length)];
        share(share, new ShareOfferedEvent(share, owner, recipient, "item:" + random.nextInt(1_000_000),
                "Title " + Long.toHexString(random.nextLong()), random.nextBoolean() ? "A note for you" : null,
                permission, clock.plus(Duration.ofDays(7)), consent(), consent()), sink);
        switch (random.nextInt(5)) {
            case 0 -> share(share, new ShareDeclinedEvent(share, owner, recipient), sink);
            case 1 -> share(share, new ShareExpiredEvent(share, owner, recipient), sink);
            case 2 -> {
                share(share, new ShareAcceptedEvent(share, owner, recipient), sink);
                share(share, new ShareRevokedEvent(share, owner, recipient, RevocationReason.OWNER,
                        random.nextBoolean() ? "No longer relevant" : null), sink);
            }
            default -> share(share, new ShareAcceptedEvent(share, owner, recipient), sink);
        }
    }

    private MemberId recent(List<MemberId> members) {
        int window = Math.min(members.size(), 200);
        return members.get(members.size() - 1 - random.nextInt(window));
    }

    private ConsentId consent() {
        return new ConsentId(new UUID(random.nextLong(), random.nextLong()));
    }

    private void member(MemberId member, Object payload, Consumer<Event> sink) {
        emit("MemberAggregate", member.toString(), payload, sink);
    }

    private void share(ShareId share, Object payload, Consumer<Event> sink) {
        emit("ShareAggregate", share.toString(), payload, sink);
    }

    private void emit(String type, String aggregateId, Object payload, Consumer<Event> sink) {
        long sequence = sequences.merge(aggregateId, 1L, Long::sum) - 1;
        clock = clock.plusMillis(1 + random.nextInt(50));
        sink.accept(new Event(type, aggregateId, sequence, payload, clock));
    }
}
