package io.shareledger.api.privacy;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads the personal-data marking of a message type. */
public final class PersonalDataFields {

    private PersonalDataFields() {
    }

    /** Names of the record components marked {@link PersonalData}, in declaration order. */
    public static List<String> of(Class<?> type) {
        return components(type)
                .filter(c -> c.isAnnotationPresent(PersonalData.class))
                .map(RecordComponent::getName)
                .toList();
    }

    /** Name of the record component marked {@link DataSubject}, if any. */
    public static Optional<String> dataSubjectOf(Class<?> type) {
        return components(type)
                .filter(c -> c.isAnnotationPresent(DataSubject.class))
                .map(RecordComponent::getName)
                .findFirst();
    }

    private static java.util.stream.Stream<RecordComponent> components(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        return components == null ? java.util.stream.Stream.empty() : Arrays.stream(components);
    }
}
