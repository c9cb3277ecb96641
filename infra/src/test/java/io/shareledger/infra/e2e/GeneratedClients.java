package io.shareledger.infra.e2e;

import io.shareledger.client.command.api.MembersApi;
import io.shareledger.client.command.api.SharesApi;

/**
 * The clients generated from the committed public documents, one set per caller: the token goes in
 * through the generated ApiClient's request interceptor, every answer through the document's
 * {@link DocumentedResponses} as its response interceptor.
 */
final class GeneratedClients {

    private final String commandUrl;
    private final DocumentedResponses commandAnswers;
    private final String queryUrl;
    private final DocumentedResponses queryAnswers;

    GeneratedClients(String commandUrl, DocumentedResponses commandAnswers, String queryUrl, DocumentedResponses queryAnswers) {
        this.commandUrl = commandUrl;
        this.commandAnswers = commandAnswers;
        this.queryUrl = queryUrl;
        this.queryAnswers = queryAnswers;
    }

    record Caller(String token, MembersApi members, SharesApi shares,
                  io.shareledger.client.query.api.MembersApi queryMembers, io.shareledger.client.query.api.SharesApi queryShares) {
    }

    Caller caller(String token) {
        io.shareledger.client.command.ApiClient command = new io.shareledger.client.command.ApiClient();
        command.setHttpClientBuilder(BufferedHttpClient.builder());
        command.updateBaseUri(commandUrl);
        command.setRequestInterceptor(request -> request.setHeader("Authorization", "Bearer " + token));
        command.setResponseInterceptor(commandAnswers.interceptor());

        io.shareledger.client.query.ApiClient query = new io.shareledger.client.query.ApiClient();
        query.setHttpClientBuilder(BufferedHttpClient.builder());
        query.updateBaseUri(queryUrl);
        query.setRequestInterceptor(request -> request.setHeader("Authorization", "Bearer " + token));
        query.setResponseInterceptor(queryAnswers.interceptor());

        return new Caller(token, new MembersApi(command), new SharesApi(command),
                new io.shareledger.client.query.api.MembersApi(query), new io.shareledger.client.query.api.SharesApi(query));
    }
}
