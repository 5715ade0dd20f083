package dev.payments.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The merchant's webhook endpoint: a real HTTP server (WireMock) answering 200, or 500 for chosen orders. */
public final class WebhookReceiver {

    public static final String PATH = "/pg/webhooks";

    private final WireMockServer server;

    private WebhookReceiver(WireMockServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        WireMockServer server = new WireMockServer(
                wireMockConfig().dynamicPort().bindAddress("127.0.0.1").containerThreads(32));
        server.start();
        server.stubFor(
                post(urlEqualTo(PATH)).atPriority(10).willReturn(aResponse().withStatus(200)));
        return new WebhookReceiver(server);
    }

    public String url() {
        return server.baseUrl() + PATH;
    }

    /** Every webhook for {@code orderId} is answered 500. */
    public void failFor(String orderId) {
        server.stubFor(post(urlEqualTo(PATH))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.data.orderId", equalTo(orderId)))
                .willReturn(aResponse().withStatus(500)));
    }

    /** The PAYMENT_STATUS_CHANGED webhook requests received for {@code orderId}, oldest first. */
    public List<LoggedRequest> of(String orderId) {
        return server.findAll(postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.data.orderId", equalTo(orderId))));
    }

    /** The {@code data.status} of every PAYMENT_STATUS_CHANGED webhook received for {@code orderId}, oldest first. */
    public List<String> statusesOf(String orderId) {
        return of(orderId).stream()
                .map(r -> json(r).get("data").get("status").asString())
                .toList();
    }

    /** The {@code status} of every DEPOSIT_CALLBACK received for {@code orderId}, oldest first. */
    public List<String> depositCallbackStatusesOf(String orderId) {
        return depositCallbacksOf(orderId).stream()
                .map(r -> json(r).get("status").asString())
                .toList();
    }

    /** A webhook's body. */
    public static JsonNode json(LoggedRequest request) {
        return SandboxHttp.JSON.readTree(request.getBodyAsString());
    }

    /** The flat DEPOSIT_CALLBACK webhook requests received for {@code orderId} (orderId at the top), oldest first. */
    public List<LoggedRequest> depositCallbacksOf(String orderId) {
        return server.findAll(
                postRequestedFor(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.orderId", equalTo(orderId))));
    }
}
