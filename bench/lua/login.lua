-- POST the seeded reader's credentials: every request does a full argon2 verification.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format(
  "{\"user\": {\"email\": \"%s\", \"password\": \"%s\"}}",
  os.getenv("BENCH_EMAIL"), os.getenv("BENCH_PASSWORD"))
