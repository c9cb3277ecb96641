package io.shareledger.query.readmodel;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The read models: each is one processing group, and each version of it lives in a schema of its
 * own, {@code rm_<key>_v<version>}, holding its tables and its {@code read_model_position} table.
 * Readers use the views of the same names in {@code public} (the positions under
 * {@code <key>_position}), which point at the live version.
 */
public enum ReadModel {

    MEMBER_PROFILES("member-profiles", List.of(
            new Table("member_profile", "member_id", List.of()))),
    MEMBER_CONSENTS("member-consents", List.of(
            new Table("member_consent", "consent_id", List.of()))),
    SHARES("shares", List.of(
            new Table("share_view", "share_id", List.of()),
            new Table("share_forgotten_owner", "member_id", List.of()))),
    MEMBER_HISTORY("member-history", List.of(
            // entry_id is a surrogate counter: it numbers rows in the order they were applied
            new Table("member_history", "member_id, aggregate_id, sequence_number", List.of("entry_id"))));

    /** The positions table every version of every read model has. */
    public static final Table POSITIONS = new Table("read_model_position", "aggregate_id", List.of());

    private final String modelName;
    private final List<Table> tables;

    ReadModel(String modelName, List<Table> tables) {
        this.modelName = modelName;
        this.tables = tables;
    }

    /**
     * A table of a read model: its canonical row order (primary or natural key) and the columns
     * that are not part of its content (surrogates).
     */
    public record Table(String name, String orderBy, List<String> excludedColumns) {
    }

    /** The processing group's name, as in the API and the configuration. */
    public String modelName() {
        return modelName;
    }

    /** The name in SQL identifiers: {@code member_profiles}. */
    public String key() {
        return modelName.replace('-', '_');
    }

    public String schema(int version) {
        return "rm_" + key() + "_v" + version;
    }

    /** The view in {@code public} over the live version's positions. */
    public String positionView() {
        return key() + "_position";
    }

    /** The read model's own tables, without the positions. */
    public List<Table> tables() {
        return tables;
    }

    /** The read model's own tables, then its positions: what a checksum covers. */
    public List<Table> allTables() {
        return java.util.stream.Stream.concat(tables.stream(), java.util.stream.Stream.of(POSITIONS)).toList();
    }

    /** The classpath resource with the DDL of a version's tables. */
    public String ddlResource() {
        return "db/read-models/" + modelName + ".sql";
    }

    public static Optional<ReadModel> named(String name) {
        return Arrays.stream(values()).filter(m -> m.modelName.equals(name)).findFirst();
    }

    public static ReadModel of(String name) {
        return named(name).orElseThrow(() -> new IllegalArgumentException("No read model " + name));
    }
}
