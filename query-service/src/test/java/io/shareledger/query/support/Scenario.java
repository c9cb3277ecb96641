package io.shareledger.query.support;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.SharePermission;
import io.shareledger.testsupport.TestIssuer;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the events of a test's story to Kafka as the command side would, keeping each
 * aggregate's next sequence number.
 */
public final class Scenario {

    private final EventPublisher events;
    private final TestIssuer issuer;
    private final Map<String, Long> nextSequence = new ConcurrentHashMap<>();

    public Scenario(EventPublisher events, TestIssuer issuer) {
        this.events = events;
        this.issuer = issuer;
    }

    /** A registered member and a token for it. */
    public record Member(String subject, String token, MemberId id, String handle) {
    }

    /** Publishes the next event of the aggregate; returns its sequence number (the version a write would answer). */
    public long publish(String aggregateId, Object event, Instant at) {
        long sequence = nextSequence.merge(aggregateId, 1L, Long::sum) - 1;
        events.publish(aggregateId, sequence, event, at);
        return sequence;
    }

    public long publish(String aggregateId, Object event) {
        return publish(aggregateId, event, Instant.now());
    }

    /** Reserves the next sequence number without publishing (for a test that publishes the record itself). */
    public long reserve(String aggregateId) {
        return nextSequence.merge(aggregateId, 1L, Long::sum) - 1;
    }

    public Member register() {
        String subject = "subject-" + UUID.randomUUID();
        String handle = "m_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        MemberId id = MemberId.random();
        publish(id.toString(), new MemberRegisteredEvent(id, subject, handle, "Display " + handle, handle + "@example.org"));
        return new Member(subject, issuer.memberToken(subject), id, handle);
    }

    public ConsentId grant(Member member, ConsentPurpose purpose) {
        ConsentId consent = ConsentId.random();
        publish(member.id().toString(), new ConsentGrantedEvent(member.id(), consent, purpose, null));
        return consent;
    }

    public ShareId offer(Member owner, Member recipient, String title, Instant at) {
        ShareId share = ShareId.random();
        publish(share.toString(), new ShareOfferedEvent(share, owner.id(), recipient.id(), "doc:" + share, title,
                "a note", SharePermission.VIEW, null, ConsentId.random(), ConsentId.random()), at);
        return share;
    }

    public ShareId offer(Member owner, Member recipient) {
        return offer(owner, recipient, "A title", Instant.now());
    }
}
