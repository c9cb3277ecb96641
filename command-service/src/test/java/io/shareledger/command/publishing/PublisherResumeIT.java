package io.shareledger.command.publishing;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import io.shareledger.command.support.TopicReader;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publisher's Kafka transaction commits and then its database transaction fails (as when the
 * service is killed, or the database goes away, between the two commits): the batch is read again,
 * and a consumer reading committed records still sees each event once (ADR 0016).
 * <p>
 * A deferred constraint trigger on {@code token_entry} makes PostgreSQL refuse, at COMMIT, the
 * first transaction that moves the publisher's position after the trigger is armed; a sequence
 * (not rolled back with the transaction) counts the refusals.
 */
class PublisherResumeIT extends IntegrationTest {

    private static final String PUBLISHER = "__axon-kafka-event-publishing-group";

    @Test
    void aBatchWhoseDatabaseCommitFailsAfterItsKafkaCommitIsNotSeenTwice() throws Exception {
        Api.Member member = api().register(issuer());
        awaitOnTopic(member.id(), 1);

        try (Connection db = TestDatabase.get().connect(); Statement sql = db.createStatement()) {
            arm(sql);
            try {
                api().grant(member, "SHARE_ITEMS");
                api().grant(member, "RECEIVE_SHARES");
                api().put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                        .json("{\"displayName\":\"Renamed\",\"email\":\"renamed@example.org\"}").send();
                List<StoredEvents.StoredEvent> stored = StoredEvents.of(member.id());
                assertThat(stored).hasSize(4);

                long last = stored.get(stored.size() - 1).globalIndex();
                await().atMost(Duration.ofSeconds(30)).until(() -> StoredEvents.publisherPosition(TestDatabase.get()) >= last);

                assertThat(refused(sql)).as("a publisher commit refused by the database").isTrue();
                List<ConsumerRecord<String, byte[]>> records = TopicReader.recordsOf(TestKafka.bootstrapServers(), member.id());
                assertThat(records).extracting(PublisherResumeIT::messageId).hasSize(4).doesNotHaveDuplicates();
            } finally {
                disarm(sql);
            }
        }
    }

    private static void arm(Statement sql) throws SQLException {
        sql.execute("create sequence publisher_commit_refusals");
        sql.execute("""
                create function refuse_first_publisher_commit() returns trigger language plpgsql as $$
                begin
                    if nextval('publisher_commit_refusals') = 1 then
                        raise exception 'publisher commit refused by the test';
                    end if;
                    return null;
                end $$""");
        sql.execute("""
                create constraint trigger refuse_first_publisher_commit after update on token_entry
                deferrable initially deferred for each row
                when (new.processor_name = '%s' and old.token is distinct from new.token)
                execute function refuse_first_publisher_commit()""".formatted(PUBLISHER));
    }

    private static void disarm(Statement sql) throws SQLException {
        sql.execute("drop trigger if exists refuse_first_publisher_commit on token_entry");
        sql.execute("drop function if exists refuse_first_publisher_commit()");
        sql.execute("drop sequence if exists publisher_commit_refusals");
    }

    private static boolean refused(Statement sql) throws SQLException {
        try (ResultSet rs = sql.executeQuery("select is_called from publisher_commit_refusals")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> awaitOnTopic(String aggregateId, int count) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> TopicReader.recordsOf(TestKafka.bootstrapServers(), aggregateId), r -> r.size() >= count);
    }

    private static String messageId(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("axon-message-id").value(), StandardCharsets.UTF_8);
    }
}
