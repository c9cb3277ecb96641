package io.shareledger.api.serialization;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareledger.api.MemberId;
import io.shareledger.api.privacy.DataKeys;
import io.shareledger.api.privacy.DataSubject;
import io.shareledger.api.privacy.ErasedValues;
import io.shareledger.api.privacy.FieldEnvelope;
import io.shareledger.api.privacy.PersonalData;
import io.shareledger.api.privacy.PersonalDataFields;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;

import javax.crypto.SecretKey;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The wire format of {@link ShareLedgerSerializer} with every {@link PersonalData} field
 * encrypted under the key of the record's {@link DataSubject} ({@link FieldEnvelope}). Used for
 * everything a service stores or sends (events, messages, snapshots, sagas, dead letters, Kafka),
 * so that personal data is never written in plain text.
 *
 * <ul>
 *   <li>Only the top-level record components of a payload are encrypted; a {@code null} value stays
 *       {@code null} (that a note is absent is not personal data).</li>
 *   <li>A type with personal fields but no data subject, or a payload whose subject is null while
 *       a personal field holds a value, fails serialization: it cannot be encrypted for anyone.</li>
 *   <li>Reading, a field whose key is destroyed, or whose ciphertext does not authenticate, reads as
 *       {@link ErasedValues#STRING}. A plain (unencrypted) value of a marked field fails
 *       deserialization: it would mean that personal data was written around this serializer.</li>
 *   <li>A failure to get a key propagates, so the message is retried rather than read as erased.</li>
 * </ul>
 */
public final class FieldEncryptingSerializer implements Serializer {

    private final JacksonSerializer delegate;
    private final ObjectMapper mapper;
    private final DataKeys keys;
    private final ClassValue<Optional<PersonalFields>> personalFields = new ClassValue<>() {
        @Override
        protected Optional<PersonalFields> computeValue(Class<?> type) {
            return PersonalFields.of(type);
        }
    };

    FieldEncryptingSerializer(JacksonSerializer delegate, DataKeys keys) {
        this.delegate = delegate;
        this.mapper = delegate.getObjectMapper();
        this.keys = keys;
    }

    /** The personal fields of a record type and the component naming their subject (null if none). */
    private record PersonalFields(String type, String subject, List<String> fields) {

        static Optional<PersonalFields> of(Class<?> type) {
            List<String> fields = PersonalDataFields.of(type);
            if (fields.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> subject = PersonalDataFields.dataSubjectOf(type);
            for (RecordComponent component : type.getRecordComponents()) {
                if (fields.contains(component.getName()) && component.getType() != String.class) {
                    throw new IllegalStateException("Personal field " + type.getName() + "." + component.getName()
                            + " is not a String: only strings can be encrypted and erased");
                }
                if (subject.filter(component.getName()::equals).isPresent() && component.getType() != MemberId.class) {
                    throw new IllegalStateException("Data subject " + type.getName() + "." + component.getName()
                            + " is not a MemberId");
                }
            }
            return Optional.of(new PersonalFields(type.getName(), subject.orElse(null), fields));
        }

        /** The subject named in a serialized payload; fails if there is none. */
        MemberId subjectOf(ObjectNode payload) {
            JsonNode value = subject == null ? null : payload.get(subject);
            if (value == null || !value.isTextual()) {
                throw new SerializationException(type + " carries personal data but names no data subject");
            }
            return MemberId.of(value.textValue());
        }
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        Optional<PersonalFields> personal = object == null ? Optional.empty() : personalFields.get(object.getClass());
        if (personal.isEmpty()) {
            return delegate.serialize(object, expectedRepresentation);
        }
        ObjectNode payload = mapper.valueToTree(object);
        encrypt(payload, personal.get());
        try {
            byte[] bytes = mapper.writeValueAsBytes(payload);
            return new SimpleSerializedObject<>(delegate.getConverter().convert(bytes, expectedRepresentation),
                    expectedRepresentation, delegate.typeForClass(object.getClass()));
        } catch (JsonProcessingException e) {
            throw new SerializationException("Unable to serialize " + personal.get().type(), e);
        }
    }

    private void encrypt(ObjectNode payload, PersonalFields personal) {
        if (personal.subject() == null) {
            throw new SerializationException(personal.type() + " carries personal data but declares no @DataSubject");
        }
        List<String> present = personal.fields().stream()
                .filter(field -> payload.hasNonNull(field)).toList();
        if (present.isEmpty()) {
            return;
        }
        MemberId subject = personal.subjectOf(payload);
        Optional<SecretKey> key = keys.forEncryption(subject);
        for (String field : present) {
            String value = payload.get(field).asText();
            payload.put(field, key.map(k -> FieldEnvelope.seal(k, value, subject, personal.type(), field))
                    .orElse(FieldEnvelope.SHREDDED));
        }
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        if (SerializedType.emptyType().equals(serializedObject.getType())) {
            return delegate.deserialize(serializedObject);
        }
        Optional<PersonalFields> personal = personalFields.get(delegate.classForType(serializedObject.getType()));
        if (personal.isEmpty()) {
            return delegate.deserialize(serializedObject);
        }
        JsonNode payload = delegate.getConverter().convert(serializedObject, JsonNode.class).getData();
        if (payload instanceof ObjectNode object) {
            decrypt(object, personal.get());
        }
        return delegate.deserialize(new SimpleSerializedObject<>(payload, JsonNode.class, serializedObject.getType()));
    }

    /**
     * The data subject whose key deserializing this payload needs, if any: lets a reader fetch the
     * keys of a whole batch of messages at once, before it reads them.
     */
    public Optional<MemberId> dataSubjectOf(SerializedObject<?> serializedObject) {
        if (SerializedType.emptyType().equals(serializedObject.getType())) {
            return Optional.empty();
        }
        Optional<PersonalFields> personal = personalFields.get(delegate.classForType(serializedObject.getType()));
        if (personal.isEmpty() || personal.get().subject() == null) {
            return Optional.empty();
        }
        JsonNode payload = delegate.getConverter().convert(serializedObject, JsonNode.class).getData();
        JsonNode subject = payload.get(personal.get().subject());
        boolean encrypted = personal.get().fields().stream().map(payload::get)
                .anyMatch(value -> value != null && value.isTextual() && !FieldEnvelope.SHREDDED.equals(value.textValue()));
        if (!encrypted || subject == null || !subject.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MemberId.of(subject.textValue()));
        } catch (IllegalArgumentException e) {
            // not a subject: deserializing the payload refuses it
            return Optional.empty();
        }
    }

    private void decrypt(ObjectNode payload, PersonalFields personal) {
        Supplier<MemberId> subject = memoized(() -> personal.subjectOf(payload));
        Supplier<Optional<SecretKey>> key = memoized(() -> keys.forDecryption(subject.get()));
        for (String field : personal.fields()) {
            JsonNode value = payload.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isTextual() || !FieldEnvelope.isEnvelope(value.textValue())) {
                throw new SerializationException("Personal field " + personal.type() + "." + field + " is not encrypted");
            }
            String plain = FieldEnvelope.SHREDDED.equals(value.textValue()) ? ErasedValues.STRING
                    : key.get().flatMap(k -> FieldEnvelope.open(k, value.textValue(), subject.get(), personal.type(), field))
                    .orElse(ErasedValues.STRING);
            payload.put(field, plain);
        }
    }

    private static <V> Supplier<V> memoized(Supplier<V> supplier) {
        return new Supplier<>() {
            private V value;
            private boolean known;

            @Override
            public V get() {
                if (!known) {
                    value = supplier.get();
                    known = true;
                }
                return value;
            }
        };
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
