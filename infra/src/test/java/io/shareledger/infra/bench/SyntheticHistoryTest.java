package io.shareledger.infra.bench;

import io.shareledger.api.MemberId;
import io.shareledger.api.member.MemberEvent;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.share.ShareEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticHistoryTest {

    private static List<SyntheticHistory.Event> history(long seed, long events) {
        List<SyntheticHistory.Event> all = new ArrayList<>();
        new SyntheticHistory(seed).generate(events, all::add);
        return all;
    }

    @Test
    void everyAggregateHasContiguousSequencesAndTimeMovesForward() {
        List<SyntheticHistory.Event> events = history(7, 20_000);
        Map<String, Long> next = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            SyntheticHistory.Event event = events.get(i);
            assertThat(event.sequence()).isEqualTo(next.getOrDefault(event.aggregateId(), 0L));
            next.put(event.aggregateId(), event.sequence() + 1);
            if (i > 0) {
                assertThat(event.at()).isAfter(events.get(i - 1).at());
            }
        }
        assertThat(events.size()).isBetween(20_000, 20_200);
    }

    @Test
    void coversEveryEventKindBetweenRegisteredMembersAndForgetsEachMemberOnce() {
        List<SyntheticHistory.Event> events = history(7, 20_000);
        Set<Class<?>> kinds = events.stream().map(e -> e.payload().getClass()).collect(Collectors.toSet());
        Set<Class<?>> all = Stream.of(MemberEvent.class, ShareEvent.class)
                .flatMap(type -> Stream.of(type.getPermittedSubclasses())).collect(Collectors.toSet());
        assertThat(kinds).isEqualTo(all);

        Set<MemberId> registered = new HashSet<>();
        List<MemberId> forgotten = new ArrayList<>();
        for (SyntheticHistory.Event event : events) {
            if (event.payload() instanceof MemberRegisteredEvent e) {
                registered.add(e.memberId());
            } else if (event.payload() instanceof ShareOfferedEvent e) {
                assertThat(registered).contains(e.ownerId(), e.recipientId());
            } else if (event.payload() instanceof MemberForgottenEvent e) {
                forgotten.add(e.memberId());
            }
        }
        assertThat(forgotten).doesNotHaveDuplicates().isNotEmpty();
    }

    @Test
    void theSameSeedGivesTheSameHistory() {
        assertThat(history(3, 2_000)).isEqualTo(history(3, 2_000));
        assertThat(history(3, 2_000)).isNotEqualTo(history(4, 2_000));
    }
}
