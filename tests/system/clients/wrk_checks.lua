-- Checks every answer wrk gets (wrk itself counts only statuses): the status
-- is 2xx and the body is the expected one, by its length and its ETag or a
-- text it must hold. Arguments after "--": LENGTH ETAG TEXT ("-": no check).
-- Prints "checked responses=N non2xx=N mismatched=N" when done.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  expected_length = tonumber(args[1])
  expected_etag = args[2]
  expected_text = args[3]
  responses = 0
  non2xx = 0
  mismatched = 0
end

function response(status, headers, body)
  responses = responses + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
  local wrong = #body ~= expected_length
  if expected_etag ~= "-" and headers["ETag"] ~= expected_etag then
    wrong = true
  end
  if expected_text ~= "-" and not string.find(body, expected_text, 1, true) then
    wrong = true
  end
  if wrong then
    mismatched = mismatched + 1
  end
end

function done(summary, latency, requests)
  local total_responses, total_non2xx, total_mismatched = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_responses = total_responses + thread:get("responses")
    total_non2xx = total_non2xx + thread:get("non2xx")
    total_mismatched = total_mismatched + thread:get("mismatched")
  end
  io.write(string.format("checked responses=%d non2xx=%d mismatched=%d\n", total_responses,
                         total_non2xx, total_mismatched))
end
