package io.shareledger.command.support;

import io.shareledger.testsupport.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads the event store table directly, as an auditor would, bypassing the application. */
public final class StoredEvents {

    public record StoredEvent(long globalIndex, long sequenceNumber, String type, String payload) {

        /** The simple class name of the payload type, e.g. {@code ShareRevokedEvent}. */
        public String simpleType() {
            return type.substring(type.lastIndexOf('.') + 1);
        }
    }

    private StoredEvents() {
    }

    public static List<StoredEvent> of(String aggregateId) {
        return of(TestDatabase.get(), aggregateId);
    }

    public static List<StoredEvent> of(TestDatabase db, String aggregateId) {
        try (Connection connection = db.connect();
             PreparedStatement query = connection.prepareStatement("""
                     select global_index, sequence_number, payload_type, payload from domain_event_entry
                     where aggregate_identifier = ? order by sequence_number""")) {
            query.setString(1, aggregateId);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    events.add(new StoredEvent(rs.getLong(1), rs.getLong(2), rs.getString(3),
                            new String(rs.getBytes(4), StandardCharsets.UTF_8)));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The events of any aggregate whose stored payload holds {@code text} (e.g. a member's id), in store order. */
    public static List<StoredEvent> mentioning(String text) {
        try (Connection connection = TestDatabase.get().connect();
             PreparedStatement query = connection.prepareStatement("""
                     select global_index, sequence_number, payload_type, payload from domain_event_entry
                     where position(convert_to(?, 'UTF8') in payload) > 0 order by global_index""")) {
            query.setString(1, text);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    events.add(new StoredEvent(rs.getLong(1), rs.getLong(2), rs.getString(3),
                            new String(rs.getBytes(4), StandardCharsets.UTF_8)));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The global index up to which the Kafka publisher's position (a gap-aware token, stored as JSON) has come; -1: none yet. */
    public static long publisherPosition(TestDatabase db) {
        try (Connection connection = db.connect();
             ResultSet rs = connection.createStatement().executeQuery("""
                     select coalesce(max((convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint), -1) from token_entry
                     where processor_name = '__axon-kafka-event-publishing-group'""")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long lastGlobalIndex() {
        try (Connection connection = TestDatabase.get().connect();
             ResultSet rs = connection.createStatement()
                     .executeQuery("select coalesce(max(global_index), 0) from domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The type, aggregate and sequence number of each event stored after {@code globalIndex}, in store order. */
    public static List<String> since(long globalIndex) {
        try (Connection connection = TestDatabase.get().connect();
             PreparedStatement query = connection.prepareStatement("""
                     select payload_type, aggregate_identifier, sequence_number from domain_event_entry
                     where global_index > ? order by global_index""")) {
            query.setLong(1, globalIndex);
            List<String> events = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(1);
                    events.add(type.substring(type.lastIndexOf('.') + 1) + " " + rs.getString(2) + "#" + rs.getLong(3));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> typesOf(String aggregateId) {
        return of(aggregateId).stream().map(StoredEvent::simpleType).toList();
    }

    public static long count() {
        try (Connection connection = TestDatabase.get().connect();
             ResultSet rs = connection.createStatement().executeQuery("select count(*) from domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
