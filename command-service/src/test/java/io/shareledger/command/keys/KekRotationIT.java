package io.shareledger.command.keys;

import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.ServiceInstance;
import io.shareledger.command.support.StoredEvents;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKeys;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * KEK rotation: interrupted after its first batch and run again, it leaves every data key wrapped
 * under the new KEK, and a service that knows only the new KEK reads every event as before; the
 * event store is not touched.
 */
class KekRotationIT {

    private static final String OLD_KEK = TestKeys.newKek();
    private static final String NEW_KEK = TestKeys.newKek();

    @Test
    void anInterruptedRotationRerunLeavesEveryKeyUnderTheNewKek() {
        TestDatabase db = TestDatabase.get().fresh();
        List<Api.Member> members = new ArrayList<>();
        String share;
        try (ServiceInstance service = ServiceInstance.start(db,
                "--shareledger.crypto.keks.old=" + OLD_KEK, "--shareledger.crypto.current-kek=old")) {
            for (int i = 0; i < 5; i++) {
                members.add(service.api().register(TestIssuer.get()));
            }
            service.api().grant(members.get(0), "SHARE_ITEMS");
            service.api().grant(members.get(1), "RECEIVE_SHARES");
            share = service.api().offer(members.get(0), members.get(1)).id();
            Api.Member forgotten = members.remove(4);
            service.api().post("/api/v1/members/" + forgotten.id() + "/erasure").token(forgotten.token()).send();
        }
        List<StoredEvents.StoredEvent> eventsBefore = allEvents(db, members, share);
        JdbcClient jdbc = jdbc(db);
        assertThat(kekIds(jdbc)).containsOnly("old");

        // the first run is stopped after one batch of two keys
        KekRotation interrupted = new KekRotation(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource(db))),
                KeyEncryptionKeys.from(properties()), 2);
        assertThat(interrupted.rotateBatch()).isEqualTo(2);
        assertThat(kekIds(jdbc)).containsOnly("old", "new");
        assertThat(interrupted.remaining()).isEqualTo(2);

        long rerun = KekRotationCommand.run(KekRotationCommand.OPTION,
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--shareledger.crypto.keks.old=" + OLD_KEK,
                "--shareledger.crypto.keks.new=" + NEW_KEK,
                "--shareledger.crypto.current-kek=new",
                "--shareledger.crypto.rotation-batch=2");

        assertThat(rerun).isEqualTo(2);
        assertThat(kekIds(jdbc)).containsOnly("new");
        assertThat(jdbc.sql("select count(*) from data_key where wrapped_key is null").query(Long.class).single())
                .as("the tombstone stays a tombstone").isEqualTo(1);
        assertThat(allEvents(db, members, share)).as("no event touched").isEqualTo(eventsBefore);

        try (ServiceInstance service = ServiceInstance.start(db,
                "--shareledger.crypto.keks.new=" + NEW_KEK, "--shareledger.crypto.current-kek=new")) {
            EventStore events = service.context().getBean(EventStore.class);
            for (Api.Member member : members) {
                MemberRegisteredEvent registered = (MemberRegisteredEvent) events.readEvents(member.id(), 0).asStream()
                        .findFirst().map(Message::getPayload).orElseThrow();
                assertThat(registered.handle()).isEqualTo(member.handle());
                assertThat(registered.subject()).isEqualTo(member.subject());
            }
            ShareOfferedEvent offered = (ShareOfferedEvent) events.readEvents(share, 0).asStream()
                    .findFirst().map(Message::getPayload).orElseThrow();
            assertThat(offered.itemTitle()).isEqualTo("A title");
            assertThat(service.api().register(TestIssuer.get()).id()).isNotBlank();
        }
    }

    private static CryptoProperties properties() {
        return new CryptoProperties(Map.of("old", OLD_KEK, "new", NEW_KEK), null, "new", null,
                new CryptoProperties.Cache(100, java.time.Duration.ofMinutes(1)), 2);
    }

    private static List<StoredEvents.StoredEvent> allEvents(TestDatabase db, List<Api.Member> members, String share) {
        List<StoredEvents.StoredEvent> events = new ArrayList<>();
        members.forEach(member -> events.addAll(StoredEvents.of(db, member.id())));
        events.addAll(StoredEvents.of(db, share));
        return events;
    }

    private static List<String> kekIds(JdbcClient jdbc) {
        return jdbc.sql("select kek_id from data_key where wrapped_key is not null").query(String.class).list();
    }

    private static DriverManagerDataSource dataSource(TestDatabase db) {
        return new DriverManagerDataSource(db.url(), db.user(), db.password());
    }

    private static JdbcClient jdbc(TestDatabase db) {
        return JdbcClient.create(dataSource(db));
    }
}
