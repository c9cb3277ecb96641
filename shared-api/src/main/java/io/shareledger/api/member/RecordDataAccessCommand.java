package io.shareledger.api.member;

import io.shareledger.api.MemberId;
import io.shareledger.api.privacy.DataSubject;
import io.shareledger.api.privacy.PersonalData;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records that a privacy officer reads a member's history or export, before the data is served.
 *
 * @param accessedBy the officer's token subject: an audit trail names who read the data
 * @param reason     why, in the officer's words; it may mention the member, so it is the member's personal data
 */
public record RecordDataAccessCommand(
        @TargetAggregateIdentifier @DataSubject MemberId memberId,
        String accessedBy,
        DataAccessScope scope,
        @PersonalData String reason) {
}
