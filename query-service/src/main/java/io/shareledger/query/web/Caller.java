package io.shareledger.query.web;

import io.shareledger.api.MemberId;

import java.util.Optional;
import java.util.Set;

/**
 * The authenticated caller: the digest of its token subject, its roles and, once registered, its
 * member id. The token subject itself is personal data and is not kept here.
 */
public record Caller(String subjectDigest, Set<String> roles, Optional<MemberId> memberId) {

    public static final String MEMBER = "member";
    public static final String PRIVACY_OFFICER = "privacy-officer";

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** The caller's own member id; refused if the caller is not a registered member. */
    public MemberId requireMember() {
        if (!hasRole(MEMBER)) {
            throw QueryRejection.forbidden("role-required", "This query needs the member role.");
        }
        return memberId.orElseThrow(() -> QueryRejection.forbidden("not-registered", "Register as a member first."));
    }

    /** Allows reading {@code target}'s data only if it is the caller's own member. */
    public void requireSelf(MemberId target) {
        if (!requireMember().equals(target)) {
            throw QueryRejection.forbidden("not-own-member", "A member may read only its own data.");
        }
    }
}
