package io.shareledger.query.web;

import io.shareledger.query.member.MemberProfiles;
import io.shareledger.query.position.ReadYourWrites;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes for the caller itself: a member that registered a moment ago and already asks
 * to wait for a version is not linked to its token until its profile is projected.
 */
@Component
public class Callers {

    private final MemberProfiles profiles;
    private final ReadYourWrites readYourWrites;

    Callers(MemberProfiles profiles, ReadYourWrites readYourWrites) {
        this.profiles = profiles;
        this.readYourWrites = readYourWrites;
    }

    /** The caller, once registered, if it asked to wait; as it is otherwise or if it is not a member. */
    public Caller awaitRegistered(Caller caller, boolean waitRequested) {
        if (!waitRequested || caller.memberId().isPresent() || !caller.hasRole(Caller.MEMBER)) {
            return caller;
        }
        readYourWrites.await(MemberProfiles.READ_MODEL, () -> profiles.memberOfDigest(caller.subjectDigest()).isPresent());
        return new Caller(caller.subjectDigest(), caller.roles(), profiles.memberOfDigest(caller.subjectDigest()));
    }
}
