package io.shareledger.api;

import io.shareledger.api.member.ChangeProfileCommand;
import io.shareledger.api.member.MemberEvent;
import io.shareledger.api.member.MemberDataAccessedEvent;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.member.RecordDataAccessCommand;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.api.member.RegisterMemberCommand;
import io.shareledger.api.privacy.PersonalDataFields;
import io.shareledger.api.share.OfferShareCommand;
import io.shareledger.api.share.RevokeShareCommand;
import io.shareledger.api.share.ShareEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.ShareRevokedEvent;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The personal-data marking is what encryption and erasure will key off, so it is checked here:
 * every event names exactly one data subject of type MemberId, personal fields are text, and the
 * fields marked are exactly the ones the domain calls personal.
 */
class PersonalDataMarkingTest {

    private static Stream<Class<?>> events() {
        return Stream.of(MemberEvent.class, ShareEvent.class)
                .flatMap(sealed -> Arrays.stream(sealed.getPermittedSubclasses()));
    }

    @Test
    void everyEventNamesOneDataSubjectOfTypeMemberId() {
        events().forEach(event -> {
            long subjects = Arrays.stream(event.getRecordComponents())
                    .filter(c -> c.isAnnotationPresent(io.shareledger.api.privacy.DataSubject.class))
                    .peek(c -> assertThat(c.getType()).as(event.getSimpleName()).isEqualTo(MemberId.class))
                    .count();
            assertThat(subjects).as(event.getSimpleName()).isEqualTo(1);
        });
    }

    @Test
    void personalFieldsAreText() {
        events().forEach(event -> Arrays.stream(event.getRecordComponents())
                .filter(c -> c.isAnnotationPresent(io.shareledger.api.privacy.PersonalData.class))
                .forEach(c -> assertThat(c.getType()).as(event.getSimpleName() + "." + c.getName()).isEqualTo(String.class)));
    }

    @Test
    void theDomainsPersonalFieldsAreMarked() {
        assertThat(PersonalDataFields.of(MemberRegisteredEvent.class)).containsExactly("subject", "handle", "displayName", "email");
        assertThat(PersonalDataFields.of(ProfileChangedEvent.class)).containsExactly("displayName", "email");
        assertThat(PersonalDataFields.of(ShareOfferedEvent.class)).containsExactly("itemTitle", "note");
        assertThat(PersonalDataFields.of(ShareRevokedEvent.class)).containsExactly("explanation");
        assertThat(PersonalDataFields.of(MemberDataAccessedEvent.class)).containsExactly("reason");
        assertThat(PersonalDataFields.dataSubjectOf(ShareOfferedEvent.class)).contains("ownerId");

        List<Class<?>> unmarked = events()
                .filter(e -> !List.of(MemberRegisteredEvent.class, ProfileChangedEvent.class, ShareOfferedEvent.class,
                        ShareRevokedEvent.class, MemberDataAccessedEvent.class).contains(e))
                .filter(e -> !PersonalDataFields.of(e).isEmpty())
                .toList();
        assertThat(unmarked).as("events that should carry no personal data").isEmpty();
    }

    @Test
    void commandsWithPersonalDataNameTheirDataSubject() {
        Stream.of(RegisterMemberCommand.class, ChangeProfileCommand.class, OfferShareCommand.class, RevokeShareCommand.class,
                        RecordDataAccessCommand.class)
                .forEach(command -> assertThat(PersonalDataFields.dataSubjectOf(command)).as(command.getSimpleName()).isPresent());
    }

    @Test
    void commandsMarkTheSameFieldsAsTheirEvents() {
        assertThat(PersonalDataFields.of(RegisterMemberCommand.class))
                .containsExactlyElementsOf(PersonalDataFields.of(MemberRegisteredEvent.class));
        assertThat(PersonalDataFields.of(ChangeProfileCommand.class))
                .containsExactlyElementsOf(PersonalDataFields.of(ProfileChangedEvent.class));
        assertThat(PersonalDataFields.of(OfferShareCommand.class))
                .containsExactlyElementsOf(PersonalDataFields.of(ShareOfferedEvent.class));
        assertThat(PersonalDataFields.of(RevokeShareCommand.class))
                .containsExactlyElementsOf(PersonalDataFields.of(ShareRevokedEvent.class));
        assertThat(PersonalDataFields.of(RecordDataAccessCommand.class))
                .containsExactlyElementsOf(PersonalDataFields.of(MemberDataAccessedEvent.class));
    }
}
