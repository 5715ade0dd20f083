-- POST /api/v1/orders: a valid issuance with a new orderId every request, with the merchant key (second argument).
local authorization

function init(args)
  tag = args[1]
  authorization = "Bearer " .. args[2]
end

function request()
  local body = string.format(
    '{"orderId":"%s","amount":15000,"currency":"KRW","orderName":"Coffee beans 1kg",'
      .. '"customerName":"Kim","customerEmail":"kim@example.com"}', next_order_id())
  return wrk.format("POST", "/api/v1/orders",
    {["Content-Type"] = "application/json", ["Authorization"] = authorization}, body)
end
