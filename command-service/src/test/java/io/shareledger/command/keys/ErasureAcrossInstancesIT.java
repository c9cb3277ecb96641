package io.shareledger.command.keys;

import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.privacy.ErasedValues;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.ServiceInstance;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestIssuer;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two command-service instances on one database: when one erases a member, the other, which holds
 * the member's key in its cache (time-to-live one hour here), stops decrypting within moments.
 */
class ErasureAcrossInstancesIT {

    @Test
    void anErasureOnOneInstanceEvictsTheKeyOnTheOther() throws Exception {
        TestDatabase db = TestDatabase.get().fresh();
        try (ServiceInstance first = ServiceInstance.start(db, "--shareledger.crypto.cache.ttl=1h");
             ServiceInstance second = ServiceInstance.start(db, "--shareledger.crypto.cache.ttl=1h")) {
            Api.Member member = first.api().register(TestIssuer.get());
            UUID subject = UUID.fromString(member.id());
            assertThat(registrationAsReadBy(second, member.id()).handle()).isEqualTo(member.handle());

            // the second instance now serves the key from its cache, not from the vault's row
            byte[] wrapped = wrappedKey(db, subject);
            setWrappedKey(db, subject, new byte[wrapped.length]);
            assertThat(registrationAsReadBy(second, member.id()).handle()).isEqualTo(member.handle());
            setWrappedKey(db, subject, wrapped);

            assertThat(first.api().post("/api/v1/members/" + member.id() + "/erasure").token(member.token()).send().status())
                    .isEqualTo(200);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(registrationAsReadBy(second, member.id()).handle()).isEqualTo(ErasedValues.STRING));
            assertThat(registrationAsReadBy(first, member.id()).displayName()).isEqualTo(ErasedValues.STRING);
        }
    }

    private static MemberRegisteredEvent registrationAsReadBy(ServiceInstance instance, String memberId) {
        return (MemberRegisteredEvent) instance.context().getBean(EventStore.class)
                .readEvents(memberId, 0).asStream().findFirst().orElseThrow().getPayload();
    }

    private static byte[] wrappedKey(TestDatabase db, UUID subject) throws Exception {
        try (Connection connection = db.connect();
             PreparedStatement query = connection.prepareStatement("select wrapped_key from data_key where subject_id = ?")) {
            query.setObject(1, subject);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    private static void setWrappedKey(TestDatabase db, UUID subject, byte[] wrapped) throws Exception {
        try (Connection connection = db.connect();
             PreparedStatement update = connection.prepareStatement("update data_key set wrapped_key = ? where subject_id = ?")) {
            update.setBytes(1, wrapped);
            update.setObject(2, subject);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
