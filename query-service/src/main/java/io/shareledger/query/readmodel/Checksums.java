package io.shareledger.query.readmodel;

import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The checksum of a version of a read model: SHA-256 over every row of every table (positions
 * included), table by table in {@link ReadModel#allTables()} order, rows in key order, each row in
 * PostgreSQL's text form of a record with surrogate columns left out, the session in UTC and ISO
 * dates so that the text does not depend on settings. Runs in the caller's transaction, which
 * should be read-only and repeatable read so that all tables come from one snapshot.
 */
public final class Checksums {

    private static final int FETCH_SIZE = 1000;

    private Checksums() {
    }

    public record Checksum(long rows, String sha256) {
    }

    public static Checksum of(JdbcTemplate jdbc, ReadModel model, String schema) {
        jdbc.execute("set local timezone to 'UTC'");
        jdbc.execute("set local datestyle to 'ISO, YMD'");
        MessageDigest digest = sha256();
        long rows = 0;
        for (ReadModel.Table table : model.allTables()) {
            digest.update(("table " + table.name() + "\n").getBytes(StandardCharsets.UTF_8));
            String sql = "select row(" + String.join(", ", columns(jdbc, schema, table)) + ")::text from " + schema
                    + "." + table.name() + " order by " + table.orderBy();
            long[] count = {0};
            JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
            streaming.setFetchSize(FETCH_SIZE);
            streaming.query(sql, rs -> {
                digest.update(rs.getString(1).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
                count[0]++;
            });
            rows += count[0];
        }
        return new Checksum(rows, HexFormat.of().formatHex(digest.digest()));
    }

    /** The table's columns in their declared order, without the surrogates. */
    private static List<String> columns(JdbcTemplate jdbc, String schema, ReadModel.Table table) {
        List<String> columns = jdbc.queryForList("""
                select column_name from information_schema.columns
                where table_schema = ? and table_name = ? order by ordinal_position
                """, String.class, schema, table.name());
        return columns.stream().filter(c -> !table.excludedColumns().contains(c)).toList();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
