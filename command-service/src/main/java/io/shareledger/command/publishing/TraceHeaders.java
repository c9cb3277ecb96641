package io.shareledger.command.publishing;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.EventMessage;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The W3C trace context of an event as the standard record headers ({@code traceparent},
 * {@code tracestate}) that any OpenTelemetry consumer continues. Axon carries the same fields in
 * the event's metadata (the converter writes them as {@code axon-metadata-traceparent}, which
 * Axon's processors on the query side read); these headers carry the same values.
 */
final class TraceHeaders {

    private static final List<String> FIELDS = List.of("traceparent", "tracestate");

    private TraceHeaders() {
    }

    static <K, V> ProducerRecord<K, V> add(EventMessage<?> event, ProducerRecord<K, V> record) {
        for (String field : FIELDS) {
            if (event.getMetaData().get(field) instanceof String value) {
                record.headers().remove(field);
                record.headers().add(field, value.getBytes(StandardCharsets.UTF_8));
            }
        }
        return record;
    }
}
