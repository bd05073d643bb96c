-- PUT a new body to one of the reader's own articles per request, each article in turn.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"

local slugs = {}
for slug in string.gmatch(os.getenv("BENCH_OWN_SLUGS"), "[^,]+") do
  table.insert(slugs, slug)
end
local filler = string.rep("An edit. ", 20)
local sent = 0

function request()
  sent = sent + 1
  local slug = slugs[(sent % #slugs) + 1]
  local payload = string.format(
    "{\"article\": {\"body\": \"Edited under load, edit %d of thread %d. %s\"}}",
    sent, thread_number or 0, filler)
  return wrk.format(nil, "/api/articles/" .. slug, nil, payload)
end
