package io.shareledger.infra.e2e;

import io.shareledger.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.util.List;
import java.util.Map;

/** The events topic on the test broker, as the command service creates it: 6 partitions, kept forever. */
public final class EventsTopic {

    public static final String NAME = "shareledger.events";

    private EventsTopic() {
    }

    /**
     * Creates the topic unless it exists. Tests that publish events themselves need it: the broker
     * creates no topic on its own, and time-based retention would delete events with old timestamps.
     */
    public static void ensure() throws Exception {
        ensure(NAME);
    }

    /** The same for a topic of a test's own (the query service reads it with SHARELEDGER_KAFKA_TOPIC). */
    public static void ensure(String name) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            if (!admin.listTopics().names().get().contains(name)) {
                admin.createTopics(List.of(new NewTopic(name, 6, (short) 1)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")))).all().get();
            }
        }
    }
}
