package io.shareledger.query.rebuild;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.shareledger.query.readmodel.Checksums;
import io.shareledger.query.readmodel.ReadModel;
import io.shareledger.query.web.QueryRejection;
import io.shareledger.query.web.Rejects;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The operator's view of the read models, and their rebuilds. */
@RestController
@RequestMapping("/admin/projections")
@Tag(name = "projections")
class ProjectionsController {

    private final Registry registry;
    private final Rebuilds rebuilds;
    private final LiveTokens tokens;
    private final PartitionLag lag;
    private final LiveRates rates;
    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate reads;
    private final TransactionTemplate snapshots;

    @SuppressWarnings("java:S107")
    ProjectionsController(Registry registry, Rebuilds rebuilds, LiveTokens tokens, PartitionLag lag, LiveRates rates,
                          EventProcessingConfiguration processing, JdbcTemplate jdbc,
                          PlatformTransactionManager transactionManager) {
        this.registry = registry;
        this.rebuilds = rebuilds;
        this.tokens = tokens;
        this.lag = lag;
        this.rates = rates;
        this.processing = processing;
        this.jdbc = jdbc;
        this.reads = new TransactionTemplate(transactionManager);
        this.reads.setReadOnly(true);
        this.snapshots = new TransactionTemplate(transactionManager);
        this.snapshots.setReadOnly(true);
        this.snapshots.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    record Projections(List<Projection> projections) {
    }

    /** A read model: its live version and processor, and its latest rebuild if any. */
    record Projection(String name, String state, int version, List<PartitionLag.Partition> partitions, long lag,
                      double eventsPerSecond, long deadLetters,
                      @Schema(nullable = true, description = "null when the read model was never rebuilt")
                      @JsonInclude(JsonInclude.Include.ALWAYS) Rebuild rebuild) {
    }

    /**
     * Offsets: {@code processed} of {@code total} (the topic's size when the rebuild started). Every key is
     * sent, the ones not known yet as null: the document says which (the end-to-end tests validate it).
     */
    @Schema(nullable = true)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Rebuild(String state, int targetVersion, Instant startedAt,
                   @Schema(nullable = true, description = "null while the rebuild runs") Instant finishedAt,
                   long processed,
                   @Schema(nullable = true, description = "null until the rebuild has measured the topic") Long total,
                   @Schema(nullable = true, description = "null until a rate can be measured") Double eventsPerSecond,
                   @Schema(nullable = true, description = "null while not known yet, and after a cancel or a failure") Long etaSeconds,
                   @Schema(nullable = true, description = "null unless the rebuild failed") String failure) {
    }

    record Checksum(String name, int version, long rows, String checksum) {
    }

    @Operation(operationId = "listProjections", summary = "Every read model: state, live version, position and lag per partition, rate, parked events, rebuild")
    @GetMapping
    Projections list() {
        return new Projections(Arrays.stream(ReadModel.values()).map(this::projection).toList());
    }

    @Operation(operationId = "getProjection", summary = "One read model, with the progress of its rebuild")
    @GetMapping("/{name}")
    Projection get(@PathVariable String name) {
        return projection(model(name));
    }

    @Operation(operationId = "startRebuild", summary = "Rebuilds the read model from the beginning of the topic while the live version serves; "
            + "switches over once caught up (409 if a rebuild is running)")
    @ApiResponse(responseCode = "202", description = "Started; Location names the projection to watch",
            headers = @Header(name = "Location", required = true, description = "the path of the projection (GET it to watch the rebuild)",
                    schema = @Schema(type = "string", format = "uri-reference")))
    @Rejects(status = 409, codes = "rebuild-running")
    @PostMapping("/{name}/rebuild")
    ResponseEntity<Projection> rebuild(@PathVariable String name) {
        ReadModel model = model(name);
        if (!rebuilds.start(model)) {
            throw QueryRejection.conflict("rebuild-running", "A rebuild of this read model is running.");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/admin/projections/" + model.modelName()))
                .body(projection(model));
    }

    @Operation(operationId = "cancelRebuild", summary = "Cancels the running rebuild and drops what it built (409 if none is running)")
    @ApiResponse(responseCode = "202", description = "Cancelled; the live version is untouched")
    @Rejects(status = 409, codes = "no-rebuild-running")
    @DeleteMapping("/{name}/rebuild")
    ResponseEntity<Projection> cancel(@PathVariable String name) {
        ReadModel model = model(name);
        if (!rebuilds.cancel(model)) {
            throw QueryRejection.conflict("no-rebuild-running", "No rebuild of this read model is running.");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(projection(model));
    }

    @Operation(operationId = "getChecksum", summary = "SHA-256 over every row of the live version, positions included, in key order, from one snapshot")
    @GetMapping("/{name}/checksum")
    Checksum checksum(@PathVariable String name) {
        ReadModel model = model(name);
        return snapshots.execute(status -> {
            int version = registry.find(model).liveVersion();
            Checksums.Checksum sum = Checksums.of(jdbc, model, model.schema(version));
            return new Checksum(model.modelName(), version, sum.rows(), sum.sha256());
        });
    }

    private Projection projection(ReadModel model) {
        Registry.Row row = reads.execute(s -> registry.find(model));
        Map<TopicPartition, Long> position = tokens.position(model);
        List<PartitionLag.Partition> partitions = lag.of(position);
        long deadLetters = reads.execute(s -> jdbc.queryForObject(
                "select count(*) from dead_letter_entry where processing_group = ?", Long.class, model.modelName()));
        return new Projection(model.modelName(), state(model, row), row.liveVersion(), partitions,
                partitions.stream().mapToLong(PartitionLag.Partition::lag).sum(), rates.eventsPerSecond(model),
                deadLetters, rebuild(row));
    }

    /** FAILED: the live processor stopped on an error; REBUILDING: a rebuild runs while the live version serves. */
    private String state(ReadModel model, Registry.Row row) {
        boolean failed = processing.eventProcessor(model.modelName(), StreamingEventProcessor.class)
                .map(StreamingEventProcessor::isError).orElse(false);
        if (failed) {
            return "FAILED";
        }
        return row.running() ? "REBUILDING" : "LIVE";
    }

    private static Rebuild rebuild(Registry.Row row) {
        if (row.rebuildState() == null) {
            return null;
        }
        return new Rebuild(row.rebuildState(), row.targetVersion(), row.startedAt(), row.finishedAt(),
                row.processed() == null ? 0 : row.processed(), row.total(), row.eventsPerSecond(), row.etaSeconds(),
                row.failure());
    }

    private static ReadModel model(String name) {
        return ReadModel.named(name).orElseThrow(QueryRejection::notFound);
    }
}
