package dev.payments.bench.edge;

/** The endpoints the edge benchmark loads, each with its wrk script (a resource next to this class). */
public enum EdgeEndpoint {
    NOOP("noop (POST /benchmark/noop)", "noop.lua"),
    ISSUANCE("issuance (POST /api/v1/orders)", "issue.lua"),
    SUCCESS_REDIRECT("success redirect (GET /pg/success)", "success.lua");

    private final String label;
    private final String script;

    EdgeEndpoint(String label, String script) {
        this.label = label;
        this.script = script;
    }

    public String label() {
        return label;
    }

    String script() {
        return script;
    }

    /** Whether every answer below 400 stands for one record the edge wrote to the order-events topic. */
    boolean writesAnEvent() {
        return this != NOOP;
    }
}
