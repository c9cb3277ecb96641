package io.shareledger.query.readmodel;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The schemas of the read models' versions and which one writers use. Every statement here runs
 * in the caller's transaction.
 */
@Component
public class ReadModelSchemas {

    private final JdbcTemplate jdbc;

    public ReadModelSchemas(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Points this transaction's unqualified names at the live version of the read model. The first
     * call in a transaction reads the live version with its registry row locked {@code FOR KEY SHARE}
     * until the end of the transaction: a switch, which locks the row {@code FOR UPDATE}, waits for
     * this transaction, and a transaction that starts during a switch waits for it and then reads
     * the new version. Must run before any savepoint: rolling one back would undo the SET LOCAL.
     */
    public void useLive(ReadModel model) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("A read model is written only inside a transaction");
        }
        Object key = resourceKey(model);
        if (TransactionSynchronizationManager.hasResource(key)) {
            return;
        }
        Integer version = jdbc.queryForObject("select live_version from read_model where name = ? for key share",
                Integer.class, model.modelName());
        use(model.schema(version));
        TransactionSynchronizationManager.bindResource(key, version);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(key);
            }
        });
    }

    /** Points this transaction's unqualified names at the schema (first), then {@code public}. */
    public void use(String schema) {
        jdbc.execute("set local search_path to " + identifier(schema) + ", public");
    }

    /** Creates the schema of a version with the read model's DDL. */
    public void create(ReadModel model, int version) {
        String schema = model.schema(version);
        jdbc.execute("create schema " + identifier(schema));
        use(schema);
        for (String statement : statements(ddl(model))) {
            jdbc.execute(statement);
        }
    }

    /** Re-points the read model's views in {@code public} at a version. */
    public void repointViews(ReadModel model, int version) {
        String schema = identifier(model.schema(version));
        for (ReadModel.Table table : model.tables()) {
            jdbc.execute("create or replace view public." + table.name() + " as select * from " + schema + "." + table.name());
        }
        jdbc.execute("create or replace view public." + model.positionView() + " as select * from " + schema + "."
                + ReadModel.POSITIONS.name());
    }

    public void drop(ReadModel model, int version) {
        jdbc.execute("drop schema if exists " + identifier(model.schema(version)) + " cascade");
    }

    public boolean exists(ReadModel model, int version) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from pg_namespace where nspname = ?)", Boolean.class, model.schema(version)));
    }

    private static Object resourceKey(ReadModel model) {
        return ReadModelSchemas.class.getName() + "." + model.name();
    }

    /** Schema names are built from the enum, never from input; checked anyway since they are spliced into SQL. */
    private static String identifier(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain identifier");
        }
        return name;
    }

    private static String ddl(ReadModel model) {
        try {
            return new ClassPathResource(model.ddlResource()).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The DDL file's statements: comment lines dropped, split at semicolons (the files hold no literals). */
    static List<String> statements(String ddl) {
        StringBuilder text = new StringBuilder();
        ddl.lines().filter(line -> !line.strip().startsWith("--")).forEach(line -> text.append(line).append('\n'));
        List<String> statements = new ArrayList<>();
        for (String statement : text.toString().split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }
}
