package io.shareledger.query.tracing;

import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanFilter;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an exported span may carry: only attributes named here, none of which holds personal data,
 * a token or an identifier of a member, share or consent. Everything else is dropped before export:
 * the request's URL with its ids (the route template stays, as {@code uri}), the caller's address,
 * Axon's aggregate identifier and metadata, and the message, stack trace and attributes of recorded
 * exceptions (an event keeps its name; an HTTP error's class stays in {@code exception}).
 */
final class AllowedSpanAttributes implements SpanFilter {

    /** Spring's HTTP observations (server and client), Axon's message attributes, the read-your-writes wait's. */
    static final Set<String> ALLOWED = Set.of(
            "method", "status", "outcome", "uri", "exception", "client.name",
            "axon_message_id", "axon_message_name", "axon_message_type", "axon_payload_type",
            "read_model");

    @Override
    public FinishedSpan map(FinishedSpan span) {
        Map<String, Object> kept = span.getTypedTags().entrySet().stream()
                .filter(tag -> ALLOWED.contains(tag.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        List<Map.Entry<Long, String>> events = span.getEvents().stream()
                .<Map.Entry<Long, String>>map(event -> new AbstractMap.SimpleEntry<>(event.getKey(), event.getValue()))
                .toList();
        return span.setTypedTags(kept).setEvents(events);
    }
}
