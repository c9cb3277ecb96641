package io.shareledger.query.member;

import io.shareledger.query.position.LiveProjection;
import io.shareledger.query.position.Projector;
import org.axonframework.config.ProcessingGroup;
import org.springframework.stereotype.Component;

/** The live handlers of the member profile read model: each event goes through its batch applier. */
@Component
@ProcessingGroup(MemberProfileProjection.READ_MODEL)
class MemberProfileProjection extends LiveProjection {

    static final String READ_MODEL = "member-profiles";

    MemberProfileProjection(Projector projector, MemberProfileApplier applier) {
        super(projector, applier);
    }
}
