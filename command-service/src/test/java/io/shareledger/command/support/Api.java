package io.shareledger.command.support;

import io.shareledger.testsupport.HttpApi;
import io.shareledger.testsupport.TestIssuer;

import java.util.UUID;

/** The HTTP client of the command service's tests, with helpers for the common setup steps. */
public final class Api extends HttpApi {

    public Api(String base) {
        super(base);
    }

    /** A registered member: its token and id. */
    public record Member(String subject, String token, String id, String handle) {
    }

    /** Registers a new member with a fresh subject and handle. */
    public Member register(TestIssuer issuer) {
        String subject = "subject-" + UUID.randomUUID();
        String handle = "m_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        String token = issuer.memberToken(subject);
        Response response = post("/api/v1/members").token(token)
                .json("{\"handle\":\"" + handle + "\",\"displayName\":\"Test Member\",\"email\":\"" + handle + "@example.org\"}")
                .send();
        if (response.status() != 201) {
            throw new AssertionError("registration failed: " + response.status() + " " + response.body());
        }
        return new Member(subject, token, response.id(), handle);
    }

    public Response grant(Member member, String purpose) {
        return post("/api/v1/members/" + member.id() + "/consents").token(member.token())
                .json("{\"purpose\":\"" + purpose + "\"}").send();
    }

    /** Offers a share from owner to recipient, after granting both the consents it needs. */
    public Response offer(Member owner, Member recipient) {
        return post("/api/v1/shares").token(owner.token())
                .json("{\"recipientId\":\"" + recipient.id() + "\",\"itemRef\":\"doc:1\",\"itemTitle\":\"A title\","
                        + "\"permission\":\"VIEW\"}")
                .send();
    }
}
