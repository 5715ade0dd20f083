-- GET /pg/success as the PG's browser redirect, a new orderId every request (the edge writes the claim whether or
-- not the order exists; the worker verifies it).
function init(args)
  tag = args[1]
end

function request()
  local orderId = next_order_id()
  return wrk.format("GET", string.format(
    "/pg/success?orderId=%s&token=bench-token-%s&paymentKey=bench_pk_%s&amount=15000", orderId, orderId, orderId))
end
