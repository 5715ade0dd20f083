-- POST /benchmark/noop with a body of an issuance's size and shape (the endpoint reads it and does nothing).
function init(args)
  tag = args[1]
end

function request()
  local body = string.format(
    '{"orderId":"%s","amount":15000,"currency":"KRW","orderName":"Coffee beans 1kg",'
      .. '"customerName":"Kim","customerEmail":"kim@example.com"}', next_order_id())
  return wrk.format("POST", "/benchmark/noop", {["Content-Type"] = "application/json"}, body)
end
