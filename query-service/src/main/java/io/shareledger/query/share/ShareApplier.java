package io.shareledger.query.share;

import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.share.ShareAcceptedEvent;
import io.shareledger.api.share.ShareDeclinedEvent;
import io.shareledger.api.share.ShareEvent;
import io.shareledger.api.share.ShareExpiredEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.ShareRevokedEvent;
import io.shareledger.query.readmodel.AggregatePositions;
import io.shareledger.query.readmodel.BatchApplier;
import io.shareledger.query.readmodel.ReadModel;
import io.shareledger.query.readmodel.Rows;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.shareledger.query.position.Times.instant;

/**
 * Shares, by id and per party. The item title, the note and the revocation explanation are the
 * owner's personal data: they are erased when the owner is forgotten. Member and share events
 * travel in different partitions, so an offer may arrive after its owner's erasure: the read
 * model remembers forgotten owners and never stores their personal fields again.
 */
@Component
public class ShareApplier implements BatchApplier {

    private final JdbcTemplate jdbc;
    private final boolean lockOwners;

    public ShareApplier(JdbcTemplate jdbc) {
        this(jdbc, false);
    }

    /**
     * With several segments ({@code shareledger.projections.segments} above 1), a member's erasure
     * and the member's shares are applied by different segments, in transactions that may run at
     * once: each batch then first takes a transaction lock per owner it touches (ADR 0019).
     */
    @Autowired
    ShareApplier(JdbcTemplate jdbc, @Value("${shareledger.projections.segments:1}") int segments) {
        this(jdbc, segments > 1);
    }

    private ShareApplier(JdbcTemplate jdbc, boolean lockOwners) {
        this.jdbc = jdbc;
        this.lockOwners = lockOwners;
    }

    @Override
    public ReadModel readModel() {
        return ReadModel.SHARES;
    }

    /** A share_view row being folded. */
    private static final class Share {
        final UUID shareId;
        final UUID ownerId;
        final UUID recipientId;
        final String itemRef;
        String itemTitle;
        String note;
        final String permission;
        String status;
        String revocationReason;
        String revocationNote;
        final Instant offeredAt;
        Instant updatedAt;
        final Instant expiresAt;
        long version;

        @SuppressWarnings("java:S107")
        Share(UUID shareId, UUID ownerId, UUID recipientId, String itemRef, String itemTitle, String note,
              String permission, String status, String revocationReason, String revocationNote, Instant offeredAt,
              Instant updatedAt, Instant expiresAt, long version) {
            this.shareId = shareId;
            this.ownerId = ownerId;
            this.recipientId = recipientId;
            this.itemRef = itemRef;
            this.itemTitle = itemTitle;
            this.note = note;
            this.permission = permission;
            this.status = status;
            this.revocationReason = revocationReason;
            this.revocationNote = revocationNote;
            this.offeredAt = offeredAt;
            this.updatedAt = updatedAt;
            this.expiresAt = expiresAt;
            this.version = version;
        }

        void erasePersonalFields() {
            itemTitle = null;
            note = null;
            revocationNote = null;
        }
    }

    @Override
    public void apply(List<? extends EventMessage<?>> batch) {
        AggregatePositions.Fresh fresh = AggregatePositions.select(jdbc, BatchApplier.domainEvents(batch));
        if (lockOwners) {
            lockOwners(fresh.events());
        }
        Map<UUID, Share> shares = loadShares(fresh.events());
        Set<UUID> forgotten = loadForgotten(fresh.events());
        Set<UUID> newlyForgotten = new LinkedHashSet<>();
        Map<UUID, Share> changed = new LinkedHashMap<>();

        for (DomainEventMessage<?> message : fresh.events()) {
            Instant at = message.getTimestamp();
            long sequence = message.getSequenceNumber();
            Object payload = message.getPayload();
            if (payload instanceof MemberForgottenEvent erased) {
                UUID member = erased.memberId().value();
                if (forgotten.add(member)) {
                    newlyForgotten.add(member);
                }
                shares.values().stream().filter(s -> s.ownerId.equals(member)).forEach(s -> {
                    s.erasePersonalFields();
                    changed.put(s.shareId, s);
                });
                continue;
            }
            if (!(payload instanceof ShareEvent event)) {
                continue;
            }
            UUID id = event.shareId().value();
            boolean ownerForgotten = forgotten.contains(event.ownerId().value());
            if (event instanceof ShareOfferedEvent offered) {
                Share share = new Share(id, offered.ownerId().value(), offered.recipientId().value(), offered.itemRef(),
                        ownerForgotten ? null : offered.itemTitle(), ownerForgotten ? null : offered.note(),
                        offered.permission().name(), "OFFERED", null, null, at, at, offered.expiresAt(), sequence);
                shares.put(id, share);
                changed.put(id, share);
                continue;
            }
            Share share = shares.get(id);
            if (share == null) {
                continue;
            }
            if (event instanceof ShareRevokedEvent revoked) {
                share.status = "REVOKED";
                share.revocationReason = revoked.reason() == null ? null : revoked.reason().name();
                share.revocationNote = ownerForgotten ? null : revoked.explanation();
            } else if (event instanceof ShareAcceptedEvent) {
                share.status = "ACCEPTED";
            } else if (event instanceof ShareDeclinedEvent) {
                share.status = "DECLINED";
            } else if (event instanceof ShareExpiredEvent) {
                share.status = "EXPIRED";
            }
            share.updatedAt = at;
            share.version = sequence;
            changed.put(id, share);
        }

        Rows.batch(jdbc, "insert into share_forgotten_owner (member_id) values (?) on conflict do nothing",
                newlyForgotten, (member, row) -> row.uuid(member));
        if (!newlyForgotten.isEmpty()) {
            // the shares of the batch are erased in memory; this erases the owners' other shares
            jdbc.update("update share_view set item_title = null, note = null, revocation_note = null "
                    + "where owner_id = any(?::uuid[])", (Object) newlyForgotten.stream().map(UUID::toString).toArray(String[]::new));
        }
        Rows.batch(jdbc, """
                insert into share_view (share_id, owner_id, recipient_id, item_ref, item_title, note, permission, status,
                                        revocation_reason, revocation_note, offered_at, updated_at, expires_at, version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (share_id) do update set
                    item_title = excluded.item_title, note = excluded.note, status = excluded.status,
                    revocation_reason = excluded.revocation_reason, revocation_note = excluded.revocation_note,
                    updated_at = excluded.updated_at, version = excluded.version
                """, changed.values(), (s, row) -> row.uuid(s.shareId).uuid(s.ownerId).uuid(s.recipientId)
                .text(s.itemRef).text(s.itemTitle).text(s.note).text(s.permission).text(s.status)
                .text(s.revocationReason).text(s.revocationNote).time(s.offeredAt).time(s.updatedAt)
                .time(s.expiresAt).bigint(s.version));
        fresh.flush(jdbc);
    }

    /** The shares the batch's share events name, and those of the members it forgets (to erase them in memory too). */
    private Map<UUID, Share> loadShares(List<DomainEventMessage<?>> events) {
        String[] ids = events.stream().map(DomainEventMessage::getPayload).filter(ShareEvent.class::isInstance)
                .map(e -> ((ShareEvent) e).shareId().toString()).distinct().toArray(String[]::new);
        Map<UUID, Share> shares = new HashMap<>();
        if (ids.length == 0) {
            return shares;
        }
        jdbc.query("select * from share_view where share_id = any(?::uuid[])", rs -> {
            UUID id = rs.getObject("share_id", UUID.class);
            shares.put(id, new Share(id, rs.getObject("owner_id", UUID.class), rs.getObject("recipient_id", UUID.class),
                    rs.getString("item_ref"), rs.getString("item_title"), rs.getString("note"),
                    rs.getString("permission"), rs.getString("status"), rs.getString("revocation_reason"),
                    rs.getString("revocation_note"), instant(rs.getObject("offered_at", OffsetDateTime.class)),
                    instant(rs.getObject("updated_at", OffsetDateTime.class)),
                    instant(rs.getObject("expires_at", OffsetDateTime.class)), rs.getLong("version")));
        }, (Object) ids);
        return shares;
    }

    /**
     * Serializes this batch with every other batch touching the same owners: an erasure (which marks
     * the owner forgotten and erases the owner's shares) and a share's events (which read whether the
     * owner is forgotten, and write back the share row they loaded) would otherwise commit at once
     * under READ COMMITTED, each without seeing the other, and leave a forgotten owner's title, note
     * or explanation in place. Advisory locks until the transaction ends, taken in one order (sorted
     * owner ids), so that two batches never wait on each other in a cycle.
     */
    private void lockOwners(List<DomainEventMessage<?>> events) {
        java.util.TreeSet<String> owners = new java.util.TreeSet<>();
        for (DomainEventMessage<?> message : events) {
            Object payload = message.getPayload();
            if (payload instanceof MemberForgottenEvent erased) {
                owners.add(erased.memberId().toString());
            } else if (payload instanceof ShareEvent event) {
                owners.add(event.ownerId().toString());
            }
        }
        for (String owner : owners) {
            jdbc.queryForObject("select pg_advisory_xact_lock(hashtextextended(?, 0))::text", String.class, owner);
        }
    }

    /** Which of the owners the batch's share events name are already known to be forgotten. */
    private Set<UUID> loadForgotten(List<DomainEventMessage<?>> events) {
        String[] owners = events.stream().map(DomainEventMessage::getPayload).filter(ShareEvent.class::isInstance)
                .map(e -> ((ShareEvent) e).ownerId().toString()).distinct().toArray(String[]::new);
        Set<UUID> forgotten = new HashSet<>();
        if (owners.length == 0) {
            return forgotten;
        }
        jdbc.query("select member_id from share_forgotten_owner where member_id = any(?::uuid[])",
                rs -> {
                    forgotten.add(rs.getObject(1, UUID.class));
                }, (Object) owners);
        return forgotten;
    }
}
