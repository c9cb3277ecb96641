package io.shareledger.query.config;

import io.shareledger.api.MemberId;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.ConsentId;
import io.shareledger.api.serialization.ShareLedgerSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.Buffer;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.SortedKafkaMessageBuffer;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.TrackingRecordConverter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tokens a live processor stores must cover exactly the events it was handed: fetches of
 * several partitions whose record timestamps run against the fetch order (as when one partition
 * lags behind another) go through the buffer, and every token handed on is checked against the
 * events handed on before it.
 */
class ArrivalOrderBufferTest {

    private static final String TOPIC = "events";

    private final DefaultKafkaMessageConverter converter = DefaultKafkaMessageConverter.builder()
            .serializer(ShareLedgerSerializer.create()).build();

    @Test
    void everyTokenHandedOnCoversExactlyTheEventsHandedOnSoFar() throws Exception {
        for (long seed = 0; seed < 50; seed++) {
            List<ConsumerRecords<String, byte[]>> fetches = fetches(new Random(seed));
            assertThat(firstTokenAheadOfHandedOn(new ArrivalOrderBuffer(10_000), fetches)).as("seed " + seed).isEmpty();
        }
    }

    @Test
    void theExtensionsTimestampSortedBufferHandsOnTokensAheadOfWhatItHandedOn() throws Exception {
        // why the live source does not use the default buffer; also shows that the check above can fail
        boolean ahead = false;
        for (long seed = 0; seed < 50 && !ahead; seed++) {
            ahead = firstTokenAheadOfHandedOn(new SortedKafkaMessageBuffer<>(10_000), fetches(new Random(seed))).isPresent();
        }
        assertThat(ahead).isTrue();
    }

    @Test
    void aFetchLargerThanTheCapacityWaitsForRoomAndKeepsItsOrder() throws Exception {
        ArrivalOrderBuffer buffer = new ArrivalOrderBuffer(3);
        List<KafkaEventMessage> messages = convert(fetches(new Random(7)).get(0));
        Thread fetcher = new Thread(() -> {
            try {
                buffer.putAll(messages);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        fetcher.start();
        List<KafkaEventMessage> handedOn = new ArrayList<>();
        while (handedOn.size() < messages.size()) {
            KafkaEventMessage next = buffer.poll(5, TimeUnit.SECONDS);
            assertThat(next).as("handed on within 5 s").isNotNull();
            assertThat(buffer.size()).isLessThanOrEqualTo(3);
            handedOn.add(next);
        }
        fetcher.join(5_000);
        assertThat(handedOn).containsExactlyElementsOf(messages);
        assertThat(buffer.poll(0, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aFetcherFailureReachesTheReaderOnceTheBufferIsEmpty() throws Exception {
        ArrivalOrderBuffer buffer = new ArrivalOrderBuffer(10);
        List<KafkaEventMessage> messages = convert(fetches(new Random(3)).get(0)).subList(0, 1);
        buffer.putAll(messages);
        buffer.setException(new IllegalStateException("fetcher failed"));

        assertThat(buffer.peek()).isSameAs(messages.get(0));
        assertThat(buffer.poll(0, TimeUnit.MILLISECONDS)).isSameAs(messages.get(0));
        assertThatThrownBy(() -> buffer.poll(1, TimeUnit.SECONDS)).hasMessage("fetcher failed");
        assertThatThrownBy(buffer::take).hasMessage("fetcher failed");
    }

    /**
     * Puts the fetches into the buffer, as the fetcher does, and takes everything out, as the processor
     * does; answers the first token handed on that covers a record not handed on yet, if any.
     */
    private Optional<KafkaTrackingToken> firstTokenAheadOfHandedOn(Buffer<KafkaEventMessage> buffer,
                                                                  List<ConsumerRecords<String, byte[]>> fetches)
            throws InterruptedException {
        TrackingRecordConverter<String, byte[]> records = new TrackingRecordConverter<>(converter, KafkaTrackingToken.emptyToken());
        for (ConsumerRecords<String, byte[]> fetch : fetches) {
            buffer.putAll(records.convert(fetch));
        }
        Map<TopicPartition, Long> handedOn = new HashMap<>();
        while (!buffer.isEmpty()) {
            KafkaEventMessage message = buffer.poll(0, TimeUnit.MILLISECONDS);
            handedOn.merge(new TopicPartition(TOPIC, message.partition()), message.offset(), Math::max);
            KafkaTrackingToken token = (KafkaTrackingToken) message.value().trackingToken();
            boolean ahead = token.getPositions().entrySet().stream()
                    .anyMatch(position -> position.getValue() > handedOn.getOrDefault(position.getKey(), -1L));
            if (ahead) {
                return Optional.of(token);
            }
        }
        return Optional.empty();
    }

    private List<KafkaEventMessage> convert(ConsumerRecords<String, byte[]> fetch) {
        return new TrackingRecordConverter<>(converter, KafkaTrackingToken.emptyToken()).convert(fetch);
    }

    /** A few fetches of 3 partitions; within a fetch, later partitions hold older records. */
    private List<ConsumerRecords<String, byte[]>> fetches(Random random) {
        List<ConsumerRecords<String, byte[]>> fetches = new ArrayList<>();
        long[] offsets = new long[3];
        long now = 1_000_000;
        for (int f = 0; f < 3; f++) {
            Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> fetch = new LinkedHashMap<>();
            for (int partition = 0; partition < 3; partition++) {
                List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
                long timestamp = now - partition * 1_000L - random.nextInt(500);
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    records.add(record(partition, offsets[partition]++, timestamp++));
                }
                fetch.put(new TopicPartition(TOPIC, partition), records);
            }
            fetches.add(new ConsumerRecords<>(fetch));
            now += 100;
        }
        return fetches;
    }

    private ConsumerRecord<String, byte[]> record(int partition, long offset, long timestamp) {
        MemberId member = MemberId.random();
        ProducerRecord<String, byte[]> sent = converter.createKafkaMessage(new GenericDomainEventMessage<>("Member",
                member.toString(), 0, new ConsentGrantedEvent(member, ConsentId.random(), ConsentPurpose.SHARE_ITEMS, null)),
                TOPIC);
        return new ConsumerRecord<>(TOPIC, partition, offset, timestamp, TimestampType.CREATE_TIME, -1, -1,
                sent.key(), sent.value(), sent.headers(), Optional.empty());
    }
}
