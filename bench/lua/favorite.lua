-- Favorite (POST), then unfavorite (DELETE), each article of a pool the reader has not
-- favorited, in turn: every request changes something.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local slugs = {}
for slug in string.gmatch(os.getenv("BENCH_FAVORITE_SLUGS"), "[^,]+") do
  table.insert(slugs, slug)
end
local sent = 0

function request()
  sent = sent + 1
  local slug = slugs[(math.floor((sent - 1) / 2) % #slugs) + 1]
  local method = (sent % 2 == 1) and "POST" or "DELETE"
  return wrk.format(method, "/api/articles/" .. slug .. "/favorite")
end
