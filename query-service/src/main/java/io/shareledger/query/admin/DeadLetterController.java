package io.shareledger.query.admin;

import io.shareledger.query.web.QueryRejection;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator view of the parked events: which sequences (aggregates) are parked in which read model,
 * the event types and the cause types. Never payloads or cause messages, which may hold personal data.
 */
@RestController
@RequestMapping("/admin/dead-letters")
@Tag(name = "dead-letters")
class DeadLetterController {

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;

    DeadLetterController(JdbcTemplate jdbc, EventProcessingConfiguration processing) {
        this.jdbc = jdbc;
        this.processing = processing;
    }

    record DeadLetterView(String sequenceId, long sequenceIndex, String eventType, String aggregateId,
                          Long aggregateSequence, String causeType, Instant enqueuedAt) {
    }

    record RetryResult(String processingGroup, int sequencesBefore, int sequencesProcessed, int sequencesRemaining) {
    }

    @Operation(operationId = "listDeadLetters", summary = "Parked events per processing group (read model), in order")
    @GetMapping
    Map<String, List<DeadLetterView>> list() {
        Map<String, List<DeadLetterView>> byGroup = new LinkedHashMap<>();
        jdbc.query("""
                select processing_group, sequence_identifier, sequence_index, payload_type, aggregate_identifier,
                       sequence_number, cause_type, enqueued_at
                from dead_letter_entry order by processing_group, sequence_identifier, sequence_index
                """, rs -> {
            String payloadType = rs.getString("payload_type");
            long aggregateSequence = rs.getLong("sequence_number");
            byGroup.computeIfAbsent(rs.getString("processing_group"), g -> new java.util.ArrayList<>())
                    .add(new DeadLetterView(rs.getString("sequence_identifier"), rs.getLong("sequence_index"),
                            payloadType.substring(payloadType.lastIndexOf('.') + 1),
                            rs.getString("aggregate_identifier"), rs.wasNull() ? null : aggregateSequence,
                            rs.getString("cause_type"), rs.getObject("enqueued_at", OffsetDateTime.class).toInstant()));
        });
        return byGroup;
    }

    @Operation(operationId = "retryDeadLetters", summary = "Processes the group's parked sequences again, each in order; those that fail stay parked")
    @PostMapping("/{processingGroup}/retry")
    RetryResult retry(@PathVariable String processingGroup) {
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing
                .sequencedDeadLetterProcessor(processingGroup)
                .orElseThrow(QueryRejection::notFound);
        int before = sequences(processingGroup);
        int processed = 0;
        for (int attempt = 0; attempt < before; attempt++) {
            if (processor.processAny()) {
                processed++;
            }
        }
        return new RetryResult(processingGroup, before, processed, sequences(processingGroup));
    }

    private int sequences(String processingGroup) {
        Integer count = jdbc.queryForObject(
                "select count(distinct sequence_identifier) from dead_letter_entry where processing_group = ?",
                Integer.class, processingGroup);
        return count == null ? 0 : count;
    }
}
