package io.shareledger.api;

import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.member.ConsentWithdrawnEvent;
import io.shareledger.api.member.ErasureRequester;
import io.shareledger.api.member.MemberEvent;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.member.MemberDataAccessedEvent;
import io.shareledger.api.member.DataAccessScope;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.api.serialization.ShareLedgerSerializer;
import io.shareledger.api.share.RevocationReason;
import io.shareledger.api.share.ShareAcceptedEvent;
import io.shareledger.api.share.ShareDeclinedEvent;
import io.shareledger.api.share.ShareEvent;
import io.shareledger.api.share.ShareExpiredEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.ShareRevokedEvent;
import io.shareledger.api.share.SharePermission;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire format is a contract: every event serialized by the production serializer must equal
 * the sample kept under {@code src/test/resources/wire}. A diff here is a deliberate decision
 * that needs a new revision and an upcaster.
 */
class EventWireFormatTest {

    private static final MemberId ALICE = new MemberId(UUID.fromString("00000000-0000-4000-8000-00000000000a"));
    private static final MemberId BOB = new MemberId(UUID.fromString("00000000-0000-4000-8000-00000000000b"));
    private static final ShareId SHARE = new ShareId(UUID.fromString("00000000-0000-4000-8000-000000000051"));
    private static final ConsentId CONSENT_A = new ConsentId(UUID.fromString("00000000-0000-4000-8000-0000000000ca"));
    private static final ConsentId CONSENT_B = new ConsentId(UUID.fromString("00000000-0000-4000-8000-0000000000cb"));
    private static final Instant EXPIRY = Instant.parse("2027-01-31T12:00:00Z");

    private final Serializer serializer = ShareLedgerSerializer.create();

    static Stream<DomainEvent> samples() {
        return Stream.of(
                new MemberRegisteredEvent(ALICE, "idp|alice", "alice", "Alice A.", "alice@example.org"),
                new ProfileChangedEvent(ALICE, "Alice B.", "alice.b@example.org"),
                new ConsentGrantedEvent(ALICE, CONSENT_A, ConsentPurpose.SHARE_ITEMS, EXPIRY),
                new ConsentWithdrawnEvent(ALICE, CONSENT_A, ConsentPurpose.SHARE_ITEMS),
                new ConsentExpiredEvent(BOB, CONSENT_B, ConsentPurpose.RECEIVE_SHARES),
                new MemberForgottenEvent(ALICE, ErasureRequester.PRIVACY_OFFICER),
                new MemberDataAccessedEvent(ALICE, "officer-7", DataAccessScope.EXPORT, "Subject access request #123"),
                new ShareOfferedEvent(SHARE, ALICE, BOB, "photo:42", "Holiday photo", "For you",
                        SharePermission.VIEW, EXPIRY, CONSENT_A, CONSENT_B),
                new ShareAcceptedEvent(SHARE, ALICE, BOB),
                new ShareDeclinedEvent(SHARE, ALICE, BOB),
                new ShareRevokedEvent(SHARE, ALICE, BOB, RevocationReason.OWNER, "No longer mine"),
                new ShareExpiredEvent(SHARE, ALICE, BOB));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void serializesToTheStoredSampleAndBack(DomainEvent event) throws Exception {
        SerializedObject<String> serialized = serializer.serialize(event, String.class);

        String expected = sample(event.getClass().getSimpleName());
        JSONAssert.assertEquals(expected, serialized.getData(), JSONCompareMode.STRICT);
        assertThat(serialized.getType().getName()).isEqualTo(event.getClass().getName());
        assertThat(serialized.getType().getRevision()).isEqualTo("1");
        Object back = serializer.deserialize(serialized);
        assertThat(back).isEqualTo(event);
    }

    @Test
    void everyEventOfTheDomainHasASample() {
        Set<Class<?>> sampled = samples().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> declared = Stream.of(MemberEvent.class, ShareEvent.class)
                .flatMap(sealed -> Arrays.stream(sealed.getPermittedSubclasses()))
                .collect(Collectors.toSet());

        assertThat(sampled).containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void readsAnOlderSampleWithAnUnknownExtraField() {
        String json = "{\"memberId\":\"" + ALICE + "\",\"requestedBy\":\"SELF\",\"addedLater\":1}";
        Object event = serializer.deserialize(new org.axonframework.serialization.SimpleSerializedObject<>(
                json, String.class, MemberForgottenEvent.class.getName(), "1"));

        assertThat(event).isEqualTo(new MemberForgottenEvent(ALICE, ErasureRequester.SELF));
    }

    private static String sample(String name) throws IOException {
        try (InputStream in = EventWireFormatTest.class.getResourceAsStream("/wire/" + name + ".json")) {
            assertThat(in).as("sample /wire/%s.json", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

}
