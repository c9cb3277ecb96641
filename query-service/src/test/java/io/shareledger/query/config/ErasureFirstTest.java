package io.shareledger.query.config;

import io.shareledger.api.MemberId;
import io.shareledger.api.member.ErasureRequester;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.member.ProfileChangedEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member's erasure is a sequence of its own (never parked behind the member's dead letters) and,
 * with several segments, falls in the member's segment: in another segment it could be applied
 * before the member's earlier events, which the read models would then skip (ADR 0019).
 */
class ErasureFirstTest {

    private static final Segment[] FOUR = Segment.splitBalanced(Segment.ROOT_SEGMENT, 3).toArray(Segment[]::new);

    @Test
    void withSeveralSegmentsAnErasureFallsInItsMembersSegmentAndIsASequenceOfItsOwn() {
        SequencingPolicy<EventMessage<?>> policy = new ErasureFirst().erasureFirstSequencing(4);
        for (int i = 0; i < 200; i++) {
            MemberId member = new MemberId(UUID.randomUUID());
            Object ordinary = policy.getSequenceIdentifierFor(event(member, 0, profileChanged(member)));
            Object erasure = policy.getSequenceIdentifierFor(event(member, 1, forgotten(member)));
            assertThat(segmentOf(erasure)).isEqualTo(segmentOf(ordinary));
            assertThat(erasure).isNotEqualTo(ordinary);
            assertThat(erasure.toString()).isNotEqualTo(ordinary.toString());
        }
    }

    /** The control: with the one-segment identifier (the event id) erasures land in other segments. */
    @Test
    void theOneSegmentIdentifierWouldPutErasuresInOtherSegments() {
        SequencingPolicy<EventMessage<?>> policy = new ErasureFirst().erasureFirstSequencing(1);
        int elsewhere = 0;
        for (int i = 0; i < 200; i++) {
            MemberId member = new MemberId(UUID.randomUUID());
            EventMessage<?> erasure = event(member, 1, forgotten(member));
            assertThat(policy.getSequenceIdentifierFor(erasure)).isEqualTo(erasure.getIdentifier());
            if (segmentOf(policy.getSequenceIdentifierFor(erasure))
                    != segmentOf(policy.getSequenceIdentifierFor(event(member, 0, profileChanged(member))))) {
                elsewhere++;
            }
        }
        assertThat(elsewhere).isGreaterThan(100);
    }

    private static int segmentOf(Object sequenceIdentifier) {
        for (Segment segment : FOUR) {
            if (segment.matches(sequenceIdentifier)) {
                return segment.getSegmentId();
            }
        }
        throw new AssertionError("no segment matches");
    }

    private static EventMessage<?> event(MemberId member, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("MemberAggregate", member.toString(), sequence, payload);
    }

    private static Object profileChanged(MemberId member) {
        return new ProfileChangedEvent(member, "Name", "name@example.org");
    }

    private static Object forgotten(MemberId member) {
        return new MemberForgottenEvent(member, ErasureRequester.SELF);
    }
}
