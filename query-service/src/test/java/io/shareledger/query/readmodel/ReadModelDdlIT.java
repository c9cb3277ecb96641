package io.shareledger.query.readmodel;

import io.shareledger.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DDL file of each read model, from which rebuilds create new versions, creates exactly the
 * tables, columns, constraints and indexes the migrations made of version 1.
 */
class ReadModelDdlIT {

    @Test
    void eachReadModelsDdlCreatesWhatTheMigrationsMadeOfVersionOne() {
        TestDatabase db = TestDatabase.get().fresh();
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).load().migrate();
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(db.url(), db.user(), db.password(), true);
        try {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            ReadModelSchemas schemas = new ReadModelSchemas(jdbc);
            for (ReadModel model : ReadModel.values()) {
                transactions.executeWithoutResult(s -> schemas.create(model, 2));
                List<String> migrated = describe(jdbc, model.schema(1));
                assertThat(migrated).as("tables of %s", model)
                        .anyMatch(line -> line.startsWith("column read_model_position.aggregate_id"));
                model.tables().forEach(table -> assertThat(migrated)
                        .anyMatch(line -> line.startsWith("column " + table.name() + ".")));
                assertThat(describe(jdbc, model.schema(2))).as("%s from its DDL file", model).isEqualTo(migrated);
            }
        } finally {
            dataSource.destroy();
        }
    }

    /** The schema's columns, constraints and indexes, in a stable order, without the schema's name. */
    private static List<String> describe(JdbcTemplate jdbc, String schema) {
        List<String> lines = new java.util.ArrayList<>(jdbc.queryForList("""
                select 'column ' || table_name || '.' || column_name || ' ' || data_type
                       || coalesce('(' || character_maximum_length || ')', '') || ' null=' || is_nullable
                       || ' identity=' || is_identity || ' default=' || coalesce(column_default, '')
                from information_schema.columns where table_schema = ? order by table_name, ordinal_position
                """, String.class, schema));
        lines.addAll(jdbc.queryForList("""
                select 'constraint ' || c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
                from pg_constraint c join pg_namespace n on n.oid = c.connamespace
                where n.nspname = ? order by c.conname
                """, String.class, schema));
        lines.addAll(jdbc.queryForList("""
                select 'index ' || indexdef from pg_indexes where schemaname = ? order by indexname
                """, String.class, schema));
        return lines.stream().map(line -> line.replace(schema + ".", "")).toList();
    }
}
