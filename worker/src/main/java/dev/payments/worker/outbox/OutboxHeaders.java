package dev.payments.worker.outbox;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import tools.jackson.databind.json.JsonMapper;

/** Kafka headers as a JSON array of {name, value(base64)} so that binary header values survive the round trip. */
final class OutboxHeaders {

    record Entry(String name, String value) {}

    private OutboxHeaders() {}

    static String write(JsonMapper mapper, List<Header> headers) {
        if (headers.isEmpty()) {
            return null;
        }
        List<Entry> entries = headers.stream()
                .map(h -> new Entry(
                        h.key(), h.value() == null ? null : Base64.getEncoder().encodeToString(h.value())))
                .toList();
        return mapper.writeValueAsString(entries);
    }

    static List<Header> read(JsonMapper mapper, String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        List<Header> headers = new ArrayList<>();
        for (Entry e : mapper.readValue(json, Entry[].class)) {
            headers.add(new RecordHeader(
                    e.name(), e.value() == null ? null : Base64.getDecoder().decode(e.value())));
        }
        return headers;
    }
}
