package io.shareledger.api.member;

/** Who asked for a member to be forgotten. */
public enum ErasureRequester {
    SELF,
    PRIVACY_OFFICER
}
