-- POST a new comment on the URL's article per request.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local sent = 0

function request()
  sent = sent + 1
  local payload = string.format(
    "{\"comment\": {\"body\": \"A benchmark comment, number %d of thread %d.\"}}",
    sent, thread_number or 0)
  return wrk.format(nil, nil, nil, payload)
end
