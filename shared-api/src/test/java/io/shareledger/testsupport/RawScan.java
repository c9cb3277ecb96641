package io.shareledger.testsupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Scans what the service stored or sent, byte for byte, for canaries: database tables (every
 * column of every row, binary columns as raw bytes) and Kafka records (key, value, headers).
 * Answers where a canary was found and in which form.
 */
public final class RawScan {

    private RawScan() {
    }

    /** Every table of the database, in every schema of its own (a read model's versions included), schema-qualified. */
    public static List<String> allTables(TestDatabase db) {
        List<String> tables = new ArrayList<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables
                     where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
                     """)) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return tables;
    }

    /** Findings as {@code "<table>.<column>: <canary> as <form>"}. */
    public static List<String> tables(TestDatabase db, Collection<String> tables, Collection<Canary> canaries) {
        List<String> findings = new ArrayList<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = statement.executeQuery("select * from " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        for (int column = 1; column <= meta.getColumnCount(); column++) {
                            byte[] bytes = bytes(rs, meta, column);
                            if (bytes != null) {
                                String where = table + "." + meta.getColumnName(column);
                                canaries.forEach(canary -> canary.foundIn(bytes)
                                        .forEach(form -> findings.add(where + ": " + canary + " as " + form)));
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return findings;
    }

    /** Findings as {@code "kafka <partition>@<offset> <part>: <canary> as <form>"}. */
    public static List<String> records(List<ConsumerRecord<String, byte[]>> records, Collection<Canary> canaries) {
        List<String> findings = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String where = "kafka " + record.partition() + "@" + record.offset();
            List<byte[]> parts = new ArrayList<>();
            parts.add(record.value());
            parts.add(record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8));
            for (Header header : record.headers()) {
                parts.add(header.value());
            }
            for (byte[] part : parts) {
                if (part != null) {
                    canaries.forEach(canary -> canary.foundIn(part)
                            .forEach(form -> findings.add(where + ": " + canary + " as " + form)));
                }
            }
        }
        return findings;
    }

    private static byte[] bytes(ResultSet rs, ResultSetMetaData meta, int column) throws SQLException {
        int type = meta.getColumnType(column);
        if (type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY) {
            return rs.getBytes(column);
        }
        String text = rs.getString(column);
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
