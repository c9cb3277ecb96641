package io.shareledger.query.consent;

import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentWithdrawnEvent;
import io.shareledger.query.readmodel.AggregatePositions;
import io.shareledger.query.readmodel.BatchApplier;
import io.shareledger.query.readmodel.ReadModel;
import io.shareledger.query.readmodel.Rows;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.shareledger.query.position.Times.instant;

/**
 * Consents per member, with their history: an ended consent stays, with its end time and status.
 * Other member events and share events change no consent, but their positions are recorded so that
 * this read model can answer a read-your-writes wait for any aggregate.
 */
@Component
public class ConsentApplier implements BatchApplier {

    private final JdbcTemplate jdbc;

    public ConsentApplier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ReadModel readModel() {
        return ReadModel.MEMBER_CONSENTS;
    }

    /** A member_consent row being folded. */
    private static final class Consent {
        final UUID consentId;
        final UUID memberId;
        final String purpose;
        final Instant grantedAt;
        final Instant expiresAt;
        String status;
        Instant endedAt;

        Consent(UUID consentId, UUID memberId, String purpose, Instant grantedAt, Instant expiresAt, String status,
                Instant endedAt) {
            this.consentId = consentId;
            this.memberId = memberId;
            this.purpose = purpose;
            this.grantedAt = grantedAt;
            this.expiresAt = expiresAt;
            this.status = status;
            this.endedAt = endedAt;
        }

        void end(String newStatus, Instant at) {
            status = newStatus;
            endedAt = at;
        }
    }

    @Override
    public void apply(List<? extends EventMessage<?>> batch) {
        AggregatePositions.Fresh fresh = AggregatePositions.select(jdbc, BatchApplier.domainEvents(batch));
        Map<UUID, Consent> consents = load(fresh.events());
        Map<UUID, Consent> changed = new LinkedHashMap<>();
        for (DomainEventMessage<?> message : fresh.events()) {
            Instant at = message.getTimestamp();
            Object event = message.getPayload();
            if (event instanceof ConsentGrantedEvent granted) {
                Consent consent = new Consent(granted.consentId().value(), granted.memberId().value(),
                        granted.purpose().name(), at, granted.expiresAt(), "ACTIVE", null);
                consents.put(consent.consentId, consent);
                changed.put(consent.consentId, consent);
            } else if (event instanceof ConsentWithdrawnEvent withdrawn) {
                end(consents.get(withdrawn.consentId().value()), "WITHDRAWN", at, changed);
            } else if (event instanceof ConsentExpiredEvent expired) {
                Consent consent = consents.get(expired.consentId().value());
                // an expired consent ends at its expiry time, even when the deadline ran later
                Instant expiry = consent == null || consent.expiresAt == null ? at : consent.expiresAt;
                end(consent, "EXPIRED", expiry.isBefore(at) ? expiry : at, changed);
            }
        }
        Rows.batch(jdbc, """
                insert into member_consent (consent_id, member_id, purpose, granted_at, expires_at, status, ended_at)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (consent_id) do update set status = excluded.status, ended_at = excluded.ended_at
                """, changed.values(), (c, row) -> row.uuid(c.consentId).uuid(c.memberId).text(c.purpose)
                .time(c.grantedAt).time(c.expiresAt).text(c.status).time(c.endedAt));
        fresh.flush(jdbc);
    }

    /** Only an active consent ends; one that is unknown here (parked) or already ended stays as it is. */
    private static void end(Consent consent, String status, Instant at, Map<UUID, Consent> changed) {
        if (consent != null && consent.status.equals("ACTIVE")) {
            consent.end(status, at);
            changed.put(consent.consentId, consent);
        }
    }

    private Map<UUID, Consent> load(List<DomainEventMessage<?>> events) {
        String[] ids = events.stream().map(DomainEventMessage::getPayload).map(event -> {
            if (event instanceof ConsentWithdrawnEvent withdrawn) {
                return withdrawn.consentId().toString();
            }
            return event instanceof ConsentExpiredEvent expired ? expired.consentId().toString() : null;
        }).filter(java.util.Objects::nonNull).distinct().toArray(String[]::new);
        Map<UUID, Consent> consents = new HashMap<>();
        if (ids.length == 0) {
            return consents;
        }
        jdbc.query("select * from member_consent where consent_id = any(?::uuid[])", rs -> {
            UUID id = rs.getObject("consent_id", UUID.class);
            consents.put(id, new Consent(id, rs.getObject("member_id", UUID.class), rs.getString("purpose"),
                    instant(rs.getObject("granted_at", OffsetDateTime.class)),
                    instant(rs.getObject("expires_at", OffsetDateTime.class)), rs.getString("status"),
                    instant(rs.getObject("ended_at", OffsetDateTime.class))));
        }, (Object) ids);
        return consents;
    }
}
