package io.shareledger.query.history;

import io.shareledger.api.DomainEvent;
import io.shareledger.api.member.MemberEvent;
import io.shareledger.api.share.ShareEvent;
import io.shareledger.query.readmodel.AggregatePositions;
import io.shareledger.query.readmodel.BatchApplier;
import io.shareledger.query.readmodel.ReadModel;
import io.shareledger.query.readmodel.Rows;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Every event that concerns a member, as subject, owner or recipient: a share event is recorded
 * in both parties' histories. Rows hold no personal data (type, time, actor id, aggregate id and
 * sequence), so erasure leaves them in place.
 */
@Component
public class HistoryApplier implements BatchApplier {

    private final JdbcTemplate jdbc;

    public HistoryApplier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ReadModel readModel() {
        return ReadModel.MEMBER_HISTORY;
    }

    private record Entry(UUID member, Instant at, String eventType, String actor, String aggregateId, long sequence) {
    }

    @Override
    public void apply(List<? extends EventMessage<?>> batch) {
        AggregatePositions.Fresh fresh = AggregatePositions.select(jdbc, BatchApplier.domainEvents(batch));
        List<Entry> entries = new ArrayList<>();
        for (DomainEventMessage<?> message : fresh.events()) {
            Instant at = message.getTimestamp();
            String aggregateId = message.getAggregateIdentifier();
            long sequence = message.getSequenceNumber();
            Object payload = message.getPayload();
            if (payload instanceof MemberEvent event) {
                entries.add(entry(event.memberId().value(), event, HistoryProjection.actor(event), aggregateId, sequence, at));
            } else if (payload instanceof ShareEvent event) {
                String actor = HistoryProjection.actor(event);
                entries.add(entry(event.ownerId().value(), event, actor, aggregateId, sequence, at));
                entries.add(entry(event.recipientId().value(), event, actor, aggregateId, sequence, at));
            }
        }
        // in event order: entry_id orders a member's events that happened at the same time
        Rows.batch(jdbc, """
                insert into member_history (member_id, occurred_at, event_type, actor, aggregate_id, sequence_number)
                values (?, ?, ?, ?, ?, ?)
                on conflict (member_id, aggregate_id, sequence_number) do nothing
                """, entries, (e, row) -> row.uuid(e.member()).time(e.at()).text(e.eventType()).text(e.actor())
                .text(e.aggregateId()).bigint(e.sequence()));
        fresh.flush(jdbc);
    }

    private static Entry entry(UUID member, DomainEvent event, String actor, String aggregateId, long sequence, Instant at) {
        return new Entry(member, at, HistoryProjection.eventType(event), actor, aggregateId, sequence);
    }
}
