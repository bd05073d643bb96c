-- POST a new article per request. Titles (and so slugs) are unique across threads and runs:
-- a run id, the thread number and a per-thread counter. Tags come from the seeded pool.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local run = os.getenv("BENCH_RUN")
local tags = {}
for tag in string.gmatch(os.getenv("BENCH_TAGS"), "[^,]+") do
  table.insert(tags, tag)
end
local body = string.rep("A benchmark article. ", 20)
local sent = 0

function request()
  sent = sent + 1
  local title = string.format("Benchmark %s %d %d", run, thread_number or 0, sent)
  local picked = {}
  for i = 0, 2 do
    picked[#picked + 1] = "\"" .. tags[((sent + i) % #tags) + 1] .. "\""
  end
  local payload = string.format(
    "{\"article\": {\"title\": \"%s\", \"description\": \"Measured under load\", " ..
    "\"body\": \"%s\", \"tagList\": [%s]}}",
    title, body, table.concat(picked, ", "))
  return wrk.format(nil, nil, nil, payload)
end
