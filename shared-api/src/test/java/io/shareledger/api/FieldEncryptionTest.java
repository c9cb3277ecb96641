package io.shareledger.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.api.privacy.DataKeys;
import io.shareledger.api.privacy.ErasedValues;
import io.shareledger.api.privacy.FieldEnvelope;
import io.shareledger.api.privacy.PersonalData;
import io.shareledger.api.privacy.PersonalDataFields;
import io.shareledger.api.serialization.FieldEncryptingSerializer;
import io.shareledger.api.serialization.ShareLedgerSerializer;
import io.shareledger.api.share.RevocationReason;
import io.shareledger.api.share.RevokeShareCommand;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.SharePermission;
import io.shareledger.testsupport.InMemoryDataKeys;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The field-encrypting serializer: what it writes, what it reads back, and what it refuses. */
class FieldEncryptionTest {

    private static final ObjectMapper JSON = ShareLedgerSerializer.objectMapper();

    private final InMemoryDataKeys keys = new InMemoryDataKeys();
    private final Serializer serializer = ShareLedgerSerializer.encrypting(keys);
    private final Serializer plain = ShareLedgerSerializer.create();

    static java.util.stream.Stream<DomainEvent> samples() {
        return EventWireFormatTest.samples();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void writesThePlainFormatWithEveryPersonalFieldSealedAndReadsItBack(DomainEvent event) throws Exception {
        ObjectNode encrypted = (ObjectNode) JSON.readTree(serializer.serialize(event, byte[].class).getData());
        ObjectNode expected = (ObjectNode) JSON.readTree(plain.serialize(event, byte[].class).getData());

        for (String field : PersonalDataFields.of(event.getClass())) {
            if (expected.get(field).isNull()) {
                assertThat(encrypted.get(field).isNull()).as(field).isTrue();
                continue;
            }
            String envelope = encrypted.get(field).asText();
            assertThat(envelope).as(field).startsWith(FieldEnvelope.PREFIX).doesNotContain(expected.get(field).asText());
            encrypted.remove(field);
            expected.remove(field);
        }
        assertThat(encrypted).as("every other field as in the plain wire format").isEqualTo(expected);

        assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Test
    void namesTheSubjectWhoseKeyReadingAPayloadNeedsWithoutAskingForIt() {
        MemberId alice = MemberId.random();
        MemberId bob = MemberId.random();
        FieldEncryptingSerializer writer = ShareLedgerSerializer.encrypting(keys);
        SerializedObject<byte[]> registered = writer.serialize(
                new MemberRegisteredEvent(alice, "idp|a", "alice", "Alice", "alice@example.org"), byte[].class);
        SerializedObject<byte[]> granted = writer.serialize(
                new ConsentGrantedEvent(alice, ConsentId.random(), ConsentPurpose.RECEIVE_SHARES, null), byte[].class);
        keys.destroy(bob);
        SerializedObject<byte[]> shredded = writer.serialize(new ProfileChangedEvent(bob, "Bob", "bob@example.org"), byte[].class);
        SerializedObject<byte[]> noValues = writer.serialize(new ProfileChangedEvent(bob, null, null), byte[].class);
        FieldEncryptingSerializer reader = ShareLedgerSerializer.encrypting(failing("no key is needed to name a subject"));

        assertThat(reader.dataSubjectOf(registered)).contains(alice);
        assertThat(reader.dataSubjectOf(granted)).as("no personal field").isEmpty();
        assertThat(reader.dataSubjectOf(shredded)).as("written for a forgotten subject").isEmpty();
        assertThat(reader.dataSubjectOf(noValues)).as("no value in a personal field").isEmpty();
    }

    @Test
    void aCiphertextMovedToAnotherFieldSubjectOrTypeReadsAsErased() throws Exception {
        MemberId alice = MemberId.random();
        MemberId bob = MemberId.random();
        ObjectNode aliceRegistered = tree(new MemberRegisteredEvent(alice, "idp|a", "alice", "Alice", "alice@example.org"));
        ObjectNode bobRegistered = tree(new MemberRegisteredEvent(bob, "idp|b", "bob", "Bob", "bob@example.org"));
        ObjectNode aliceChanged = tree(new ProfileChangedEvent(alice, "Alice B.", "alice.b@example.org"));

        ObjectNode otherField = aliceRegistered.deepCopy();
        otherField.set("email", aliceRegistered.get("displayName"));
        MemberRegisteredEvent movedField = read(otherField, MemberRegisteredEvent.class);
        assertThat(movedField.email()).isEqualTo(ErasedValues.STRING);
        assertThat(movedField.displayName()).isEqualTo("Alice");

        ObjectNode otherSubject = bobRegistered.deepCopy();
        otherSubject.set("displayName", aliceRegistered.get("displayName"));
        assertThat(read(otherSubject, MemberRegisteredEvent.class).displayName()).isEqualTo(ErasedValues.STRING);

        ObjectNode otherType = aliceRegistered.deepCopy();
        otherType.set("displayName", aliceChanged.get("displayName"));
        assertThat(read(otherType, MemberRegisteredEvent.class).displayName()).isEqualTo(ErasedValues.STRING);

        ObjectNode tampered = aliceRegistered.deepCopy();
        byte[] sealed = Base64.getDecoder().decode(tampered.get("handle").asText().substring(FieldEnvelope.PREFIX.length()));
        sealed[sealed.length - 1] ^= 1;
        tampered.put("handle", FieldEnvelope.PREFIX + Base64.getEncoder().encodeToString(sealed));
        assertThat(read(tampered, MemberRegisteredEvent.class).handle()).isEqualTo(ErasedValues.STRING);

        ObjectNode malformed = aliceRegistered.deepCopy();
        malformed.put("handle", FieldEnvelope.PREFIX + "%%%");
        assertThat(read(malformed, MemberRegisteredEvent.class).handle()).isEqualTo(ErasedValues.STRING);
    }

    @Test
    void everyFieldGetsAFreshNonce() throws Exception {
        MemberRegisteredEvent event = new MemberRegisteredEvent(MemberId.random(), "same", "same", "same", "same");
        Set<String> envelopes = new HashSet<>();
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            ObjectNode payload = tree(event);
            for (String field : PersonalDataFields.of(MemberRegisteredEvent.class)) {
                String envelope = payload.get(field).asText();
                envelopes.add(envelope);
                byte[] sealed = Base64.getDecoder().decode(envelope.substring(FieldEnvelope.PREFIX.length()));
                nonces.add(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(sealed, 12)));
            }
        }
        assertThat(envelopes).hasSize(2000);
        assertThat(nonces).hasSize(2000);
    }

    @Test
    void afterTheKeyIsDestroyedEveryPersonalFieldReadsAsErasedAndTheRestIsKept() {
        MemberId alice = MemberId.random();
        MemberRegisteredEvent registered = new MemberRegisteredEvent(alice, "idp|a", "alice", "Alice", "alice@example.org");
        ShareOfferedEvent offered = new ShareOfferedEvent(ShareId.random(), alice, MemberId.random(), "photo:1",
                "Title", null, SharePermission.VIEW, null, ConsentId.random(), ConsentId.random());
        SerializedObject<byte[]> storedRegistration = serializer.serialize(registered, byte[].class);
        SerializedObject<byte[]> storedOffer = serializer.serialize(offered, byte[].class);

        keys.destroy(alice);

        assertThat((MemberRegisteredEvent) serializer.deserialize(storedRegistration)).isEqualTo(new MemberRegisteredEvent(
                alice, ErasedValues.STRING, ErasedValues.STRING, ErasedValues.STRING, ErasedValues.STRING));
        ShareOfferedEvent erasedOffer = serializer.deserialize(storedOffer);
        assertThat(erasedOffer.itemTitle()).isEqualTo(ErasedValues.STRING);
        assertThat(erasedOffer.note()).as("absent stays absent").isNull();
        assertThat(erasedOffer.itemRef()).isEqualTo("photo:1");
        assertThat(erasedOffer.recipientId()).isEqualTo(offered.recipientId());
    }

    @Test
    void aMessageWrittenAfterTheSubjectWasForgottenCarriesNoCiphertextAndReadsAsErased() throws Exception {
        MemberId alice = MemberId.random();
        keys.destroy(alice);

        ProfileChangedEvent changed = new ProfileChangedEvent(alice, "Alice", "alice@example.org");
        ObjectNode payload = tree(changed);

        assertThat(payload.get("displayName").asText()).isEqualTo(FieldEnvelope.SHREDDED);
        assertThat(roundTrip(changed)).isEqualTo(new ProfileChangedEvent(alice, ErasedValues.STRING, ErasedValues.STRING));
    }

    @Test
    void personalDataWithoutADataSubjectFailsToSerialize() {
        record Unowned(@PersonalData String name) {
        }
        assertThatThrownBy(() -> serializer.serialize(new Unowned("Alice"), byte[].class))
                .isInstanceOf(SerializationException.class).hasMessageContaining("no @DataSubject");
        assertThatThrownBy(() -> serializer.serialize(new Unowned(null), byte[].class))
                .as("the type itself is wrong, whatever its values")
                .isInstanceOf(SerializationException.class);

        RevokeShareCommand withoutActor = new RevokeShareCommand(ShareId.random(), null, RevocationReason.OWNER, "because", null);
        assertThatThrownBy(() -> serializer.serialize(withoutActor, byte[].class))
                .isInstanceOf(SerializationException.class).hasMessageContaining("names no data subject")
                .hasMessageNotContaining("because");

        RevokeShareCommand system = RevokeShareCommand.bySystem(ShareId.random(), RevocationReason.MEMBER_FORGOTTEN);
        assertThat((RevokeShareCommand) serializer.deserialize(serializer.serialize(system, byte[].class))).isEqualTo(system);
    }

    @Test
    void aPlainValueInAPersonalFieldIsRefused() {
        MemberRegisteredEvent event = new MemberRegisteredEvent(MemberId.random(), "idp|a", "alice", "Alice", "alice@example.org");
        SerializedObject<byte[]> plainlyWritten = plain.serialize(event, byte[].class);

        assertThatThrownBy(() -> serializer.deserialize(plainlyWritten))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("subject is not encrypted")
                .hasMessageNotContaining("idp|a");
    }

    @Test
    void aFailureToGetTheKeyIsThrownNotReadAsErased() {
        MemberRegisteredEvent event = new MemberRegisteredEvent(MemberId.random(), "idp|a", "alice", "Alice", "alice@example.org");
        SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
        Serializer unreachable = ShareLedgerSerializer.encrypting(failing("key service unreachable"));

        assertThatThrownBy(() -> unreachable.deserialize(stored)).hasMessage("key service unreachable");
    }

    @Test
    void messagesWithoutPersonalDataAreNotTouchedAndNeedNoKey() {
        Map<String, String> metaData = Map.of("traceId", "t-1");
        Serializer noKeys = ShareLedgerSerializer.encrypting(new DataKeys() {
            @Override
            public Optional<SecretKey> forEncryption(MemberId subject) {
                throw new AssertionError("no key needed");
            }

            @Override
            public Optional<SecretKey> forDecryption(MemberId subject) {
                throw new AssertionError("no key needed");
            }
        });
        for (Iterator<DomainEvent> it = samples().iterator(); it.hasNext(); ) {
            DomainEvent event = it.next();
            if (PersonalDataFields.of(event.getClass()).isEmpty()) {
                assertThat(noKeys.serialize(event, String.class).getData()).isEqualTo(plain.serialize(event, String.class).getData());
            }
        }
        assertThat(new String(noKeys.serialize(metaData, byte[].class).getData(), StandardCharsets.UTF_8))
                .isEqualTo("{\"traceId\":\"t-1\"}");
    }

    private ObjectNode tree(Object payload) throws Exception {
        return (ObjectNode) JSON.readTree(serializer.serialize(payload, byte[].class).getData());
    }

    private <T> T read(JsonNode payload, Class<T> type) throws Exception {
        return serializer.deserialize(new SimpleSerializedObject<>(JSON.writeValueAsBytes(payload), byte[].class,
                serializer.typeForClass(type)));
    }

    private Object roundTrip(Object payload) {
        return serializer.deserialize(serializer.serialize(payload, byte[].class));
    }

    /** Keys that cannot be had: every request for one fails with the message. */
    private static DataKeys failing(String message) {
        return new DataKeys() {
            @Override
            public Optional<SecretKey> forEncryption(MemberId subject) {
                throw new IllegalStateException(message);
            }

            @Override
            public Optional<SecretKey> forDecryption(MemberId subject) {
                throw new IllegalStateException(message);
            }
        };
    }
}
