package io.shareledger.query.support;

import io.shareledger.testsupport.HttpApi;

/** The HTTP client of the query service's tests. */
public final class Api extends HttpApi {

    public Api(String base) {
        super(base);
    }
}
