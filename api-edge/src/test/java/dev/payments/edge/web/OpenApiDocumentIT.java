package dev.payments.edge.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeIntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document in the schemas module describes exactly the endpoints the edge serves, and every error it
 * documents is a problem+json document. The edge serves that document itself, byte for byte, at {@code /openapi.yaml}.
 */
@EdgeIntegrationTest
class OpenApiDocumentIT {

    static final Path DOCUMENT = Path.of("../schemas/src/main/resources/openapi/api-edge.yaml");

    static Map<String, Object> openApi;

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @BeforeAll
    static void readDocument() throws IOException {
        try (Reader reader = Files.newBufferedReader(DOCUMENT)) {
            openApi = new Yaml().load(reader);
        }
    }

    @Test
    void documentsEveryEndpointTheEdgeServesAndNoOther() {
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (method.getBeanType().getPackageName().startsWith("dev.payments.edge")
                    && method.getBeanType() != ProblemErrorController.class) {
                info.getPathPatternsCondition().getPatternValues().forEach(path -> info.getMethodsCondition()
                        .getMethods()
                        .forEach(m -> served.add(m.name().toLowerCase() + " " + path)));
            }
        });

        Set<String> documented = new TreeSet<>();
        paths().forEach((path, operations) -> {
            if (!path.startsWith("/actuator/")) {
                map(operations).keySet().forEach(method -> documented.add(method + " " + path));
            }
        });

        assertThat(served).isNotEmpty().contains("post /api/v1/orders", "get /pg/success");
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void servesTheDocumentItselfWithoutAuthentication() throws Exception {
        byte[] resource;
        try (InputStream in = new ClassPathResource("openapi/api-edge.yaml").getInputStream()) {
            resource = in.readAllBytes();
        }
        HttpResponse<byte[]> response;
        try (HttpClient client = HttpClient.newHttpClient()) {
            response = client.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/openapi.yaml"))
                            .GET()
                            .build(),
                    BodyHandlers.ofByteArray());
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/yaml"));
        assertThat(resource).isNotEmpty();
        assertThat(response.body()).isEqualTo(resource);
        // the classpath resource is the schemas module's file, which the other tests read from source
        assertThat(resource).isEqualTo(Files.readAllBytes(DOCUMENT));
    }

    @Test
    void everyDocumentedErrorIsAProblem() {
        paths().forEach((path, operations) -> map(operations).forEach((method, operation) -> {
            Map<String, Object> responses = map(map(operation).get("responses"));
            assertThat(responses).as("%s %s responses", method, path).isNotEmpty();
            responses.forEach((status, response) -> {
                if (status.startsWith("4") || (status.startsWith("5") && !path.equals("/actuator/health"))) {
                    assertThat(map(response).get("$ref"))
                            .as("%s %s %s", method, path, status)
                            .asString()
                            .startsWith("#/components/responses/");
                }
            });
        }));
        map(map(openApi.get("components")).get("responses")).forEach((name, response) -> {
            if (!name.equals("SeeResultPage")) {
                assertThat(map(map(response).get("content"))).as(name).containsOnlyKeys("application/problem+json");
            }
        });
    }

    @Test
    void declaresTheMerchantKeyAsBearerAuthentication() {
        assertThat(openApi.get("openapi")).asString().startsWith("3.1");
        Map<String, Object> schemes = map(map(openApi.get("components")).get("securitySchemes"));
        assertThat(map(schemes.get("merchantKey")))
                .containsEntry("type", "http")
                .containsEntry("scheme", "bearer");
        assertThat(map(map(paths().get("/api/v1/orders")).get("post")).get("security"))
                .asString()
                .contains("merchantKey");
    }

    @Test
    void everyMerchantOnlyEndpointIsDocumentedWithTheMerchantKeyAlone() {
        Set<String> merchantOnly = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (method.hasMethodAnnotation(MerchantOnly.class)) {
                info.getPathPatternsCondition().getPatternValues().forEach(path -> info.getMethodsCondition()
                        .getMethods()
                        .forEach(m -> merchantOnly.add(m.name().toLowerCase() + " " + path)));
            }
        });

        assertThat(merchantOnly).contains("post /api/v1/orders", "post /api/v1/orders/{orderId}/refunds");
        for (String endpoint : merchantOnly) {
            String[] methodAndPath = endpoint.split(" ");
            Object operation = map(paths().get(methodAndPath[1])).get(methodAndPath[0]);
            assertThat(map(operation).get("security"))
                    .as(endpoint)
                    .isEqualTo(List.of(Map.of("merchantKey", List.of())));
        }
    }

    /** The JSON the edge reads and answers is its records' components; each schema names exactly those. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "IssueOrderRequest, dev.payments.edge.order.IssueOrderRequest",
        "IssuedOrder, dev.payments.edge.order.IssuedOrder",
        "RefundRequest, dev.payments.edge.order.RefundRequest",
        "RefundReceiveAccount, dev.payments.edge.order.RefundAccount",
        "RequestedRefund, dev.payments.edge.order.RequestedRefund",
        "Order, dev.payments.edge.readmodel.OrderView",
        "VirtualAccount, dev.payments.edge.readmodel.VirtualAccountView",
        "Refund, dev.payments.edge.readmodel.RefundView",
        "TimelineEntry, dev.payments.edge.readmodel.TimelineEntry"
    })
    void schemasNameTheFieldsOfTheirRecords(String schema, String record) throws ClassNotFoundException {
        List<String> components = Arrays.stream(Class.forName(record).getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
        Map<String, Object> properties =
                map(map(map(map(openApi.get("components")).get("schemas")).get(schema))
                        .get("properties"));

        assertThat(properties.keySet()).containsExactlyInAnyOrderElementsOf(components);
    }

    private static Map<String, Object> paths() {
        return map(openApi.get("paths"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }
}
