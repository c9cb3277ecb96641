package io.shareledger.command.publishing;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.ServiceInstance;
import io.shareledger.command.support.SwitchableProxy;
import io.shareledger.command.support.TopicReader;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestIssuer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event store is the outbox: while the broker cannot be reached, commands still succeed (the
 * instance reports itself not ready); once it can, the topic is created and every stored event is
 * published, exactly once. The service
 * reaches the broker only through a proxy that the test switches on after the commands.
 */
class PublishingSurvivesKafkaOutageIT {

    @Test
    void commandsSucceedWithoutKafkaAndArePublishedWhenItComesBack() throws Exception {
        TestIssuer issuer = TestIssuer.get();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1"));
        broker.afterPropertiesSet();
        String[] brokerAddress = broker.getBrokersAsString().split(":");

        try (SwitchableProxy proxy = new SwitchableProxy(brokerAddress[0], Integer.parseInt(brokerAddress[1]));
             ServiceInstance service = ServiceInstance.startWithKafka(TestDatabase.get().fresh(), proxy.address())) {
            Api api = service.api();
            Api.Member alice = api.register(issuer);
            Api.Response consent = api.grant(alice, "SHARE_ITEMS");
            Api.Member bob = api.register(issuer);
            assertThat(consent.status()).isEqualTo(201);
            assertThat(TopicReader.readAll(broker.getBrokersAsString())).as("nothing got through").isEmpty();
            assertThat(api.get("/actuator/health/readiness").send().status()).as("not ready without Kafka").isEqualTo(503);

            proxy.switchOn();

            List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> TopicReader.readAll(broker.getBrokersAsString()), r -> r.size() >= 3);
            assertThat(records).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder(alice.id(), alice.id(), bob.id());
            assertThat(api.get("/actuator/health/readiness").send().status()).isEqualTo(200);
        } finally {
            broker.destroy();
        }
    }
}
