package io.shareledger.query.keys;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shareledger.api.MemberId;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.ConsentId;
import io.shareledger.api.serialization.FieldEncryptingSerializer;
import io.shareledger.api.serialization.ShareLedgerSerializer;
import io.shareledger.testsupport.TestKeyServer;
import io.shareledger.testsupport.TestKeys;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys for a batch of events as read from Kafka: fetched in one request, before any event is read. */
class BatchKeysTest {

    private static final String TOPIC = "batch-keys";

    private final TestKeyServer server = TestKeyServer.get();
    private final DefaultKafkaMessageConverter writer = DefaultKafkaMessageConverter.builder()
            .serializer(ShareLedgerSerializer.encrypting(server.keys())).build();
    private final HttpDataKeys keys = new HttpDataKeys(new KeyServiceProperties(URI.create(server.url()),
            TestKeys.serviceToken(), Duration.ofSeconds(2), new KeyServiceProperties.Cache(10, Duration.ofMinutes(5))), new SimpleMeterRegistry());
    private final FieldEncryptingSerializer serializer = ShareLedgerSerializer.encrypting(keys);
    private final DefaultKafkaMessageConverter reader = DefaultKafkaMessageConverter.builder().serializer(serializer).build();

    @Test
    void readsABatchOfManySubjectsWithOneKeyRequest() {
        List<EventMessage<?>> events = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            MemberId member = MemberId.random();
            names.add("Member " + i);
            events.add(fromKafka(new MemberRegisteredEvent(member, "idp|" + i, "member_" + i, "Member " + i,
                    "member" + i + "@example.org"), member, i));
            // no personal data: needs no key
            events.add(fromKafka(new ConsentGrantedEvent(member, ConsentId.random(), ConsentPurpose.SHARE_ITEMS, null),
                    member, i));
        }
        long single = server.singleRequests();
        long batches = server.batchRequests();

        List<String> read = new ArrayList<>();
        try (HttpDataKeys.Pinned pinned = new BatchKeys(serializer, keys).pin(events)) {
            assertThat(server.batchRequests() - batches).isEqualTo(1);
            events.forEach(event -> {
                if (event.getPayload() instanceof MemberRegisteredEvent registered) {
                    read.add(registered.displayName());
                }
            });
        }

        assertThat(read).isEqualTo(names);
        assertThat(server.singleRequests() - single).as("keys fetched one by one (the cache holds 10)").isZero();
    }

    private EventMessage<?> fromKafka(Object payload, MemberId member, long offset) {
        ProducerRecord<String, byte[]> sent = writer.createKafkaMessage(
                new GenericDomainEventMessage<>("Member", member.toString(), offset, payload), TOPIC);
        ConsumerRecord<String, byte[]> received = new ConsumerRecord<>(TOPIC, 0, offset, System.currentTimeMillis(),
                TimestampType.CREATE_TIME, -1, -1, sent.key(), sent.value(), sent.headers(), Optional.empty());
        return reader.readKafkaMessage(received).orElseThrow();
    }
}
