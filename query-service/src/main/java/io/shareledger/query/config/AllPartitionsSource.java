package io.shareledger.query.config;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The streamable Kafka source for processors in several segments (pooled streaming): every token
 * it makes or opens a stream at names every partition of the topic, a partition of which nothing
 * was consumed at {@value #NOTHING_CONSUMED}.
 *
 * <p>The pooled processor opens its one stream at the lower bound of its segments' tokens
 * ({@code Coordinator}), and {@link KafkaTrackingToken#lowerBound} counts a partition missing from
 * one token as position 0, i.e. "offset 0 consumed", where opening a stream ({@code ConsumerSeekUtil})
 * and {@link KafkaTrackingToken#covers} count it as "nothing consumed". A segment whose token lacks
 * a partition that another segment's token has would never receive that partition's first record.
 * With every partition in every token (the tokens of a stream's events are its start token advanced
 * record by record), no bound is made up. Position {@value #NOTHING_CONSUMED} reads as the extension
 * reads a missing partition: seek to offset 0, covered by nothing but itself.
 */
final class AllPartitionsSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    static final long NOTHING_CONSUMED = -1L;

    private final StreamableKafkaMessageSource<String, byte[]> delegate;
    private final ConsumerFactory<String, byte[]> consumers;
    private final String topic;

    AllPartitionsSource(StreamableKafkaMessageSource<String, byte[]> delegate,
                        ConsumerFactory<String, byte[]> consumers, String topic) {
        this.delegate = delegate;
        this.consumers = consumers;
        this.topic = topic;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        return delegate.openStream(complete(KafkaTrackingToken.from(token)));
    }

    @Override
    public TrackingToken createTailToken() {
        return complete(KafkaTrackingToken.emptyToken());
    }

    @Override
    public TrackingToken createHeadToken() {
        return complete(KafkaTrackingToken.from(delegate.createHeadToken()));
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return complete(KafkaTrackingToken.from(delegate.createTokenAt(dateTime)));
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return createTokenAt(Instant.now().minus(duration));
    }

    /** The token with every partition of the topic; those it lacks at {@value #NOTHING_CONSUMED}. */
    KafkaTrackingToken complete(KafkaTrackingToken token) {
        Map<TopicPartition, Long> positions = new HashMap<>(token.getPositions());
        partitions().forEach(partition -> positions.putIfAbsent(partition, NOTHING_CONSUMED));
        return KafkaTrackingToken.newInstance(positions);
    }

    private List<TopicPartition> partitions() {
        try (Consumer<String, byte[]> consumer = consumers.createConsumer(null)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("The topic " + topic + " has no partitions (yet)");
            }
            return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        }
    }
}
