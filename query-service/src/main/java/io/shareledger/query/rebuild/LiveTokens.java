package io.shareledger.query.rebuild;

import io.shareledger.query.readmodel.ReadModel;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live processor's tokens as committed in {@code token_entry}, read without claiming them. A
 * Kafka token holds, per partition, the offset of the last record the processor consumed; these
 * methods answer the next offset it will read (a partition missing from the token: from the start).
 */
@Component
class LiveTokens {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    LiveTokens(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** Per partition, the lowest next offset over the processor's segments: where it stands. */
    Map<TopicPartition, Long> position(ReadModel model) {
        List<Map<TopicPartition, Long>> segments = segments(model);
        if (segments.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Long> position = new HashMap<>(segments.get(0));
        for (Map<TopicPartition, Long> segment : segments.subList(1, segments.size())) {
            position.keySet().retainAll(segment.keySet());
            segment.forEach((partition, next) -> position.computeIfPresent(partition, (p, own) -> Math.min(own, next)));
        }
        return position;
    }

    /** Per partition, the highest next offset over the segments: every event below it may have been applied. */
    Map<TopicPartition, Long> reach(ReadModel model) {
        Map<TopicPartition, Long> reach = new HashMap<>();
        segments(model).forEach(segment -> segment.forEach((partition, next) -> reach.merge(partition, next, Math::max)));
        return reach;
    }

    /**
     * The token's positions. A processor that started without a token runs with a replay token
     * around its Kafka token, which holds nothing until the first event is consumed.
     */
    private static Map<TopicPartition, Long> positions(TrackingToken token) {
        Optional<KafkaTrackingToken> kafka = WrappedToken.unwrap(token, KafkaTrackingToken.class);
        if (kafka.isPresent()) {
            return kafka.get().getPositions();
        }
        if (token instanceof WrappedToken) {
            return Map.of();
        }
        throw new IllegalStateException("Not a Kafka token: " + token.getClass().getName());
    }

    private List<Map<TopicPartition, Long>> segments(ReadModel model) {
        List<Map<TopicPartition, Long>> segments = new ArrayList<>();
        jdbc.query("select token, token_type from token_entry where processor_name = ? and token is not null",
                rs -> {
                    TrackingToken token = serializer.deserialize(
                            new SimpleSerializedObject<>(rs.getBytes(1), byte[].class, rs.getString(2), null));
                    Map<TopicPartition, Long> next = new HashMap<>();
                    positions(token).forEach((partition, last) -> next.put(partition, last + 1));
                    segments.add(next);
                }, model.modelName());
        return segments;
    }
}
